package io.clouddiagnoze.auth;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import io.clouddiagnoze.testsupport.LocalMachine;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/** A real SMTP server (GreenMail) on 127.0.0.1 for the tests' run, which auth-service sends its mail to. */
public class SmtpServer implements QuarkusTestResourceLifecycleManager {
    private static GreenMail server;

    @Override
    public Map<String, String> start() {
        int port = LocalMachine.freePort();
        server = new GreenMail(new ServerSetup(port, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        server.start();
        return Map.of("quarkus.mailer.mock", "false", "quarkus.mailer.host", "127.0.0.1",
                "quarkus.mailer.port", String.valueOf(port), "quarkus.mailer.start-tls", "DISABLED");
    }

    @Override
    public void stop() {
        server.stop();
    }

    /** The mails {@code address} has received, waiting up to {@code limit} for at least {@code count}. */
    public static List<MimeMessage> mailsTo(String address, int count, Duration limit) throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        List<MimeMessage> mails = received(address);
        while (mails.size() < count && System.nanoTime() < deadline) {
            Thread.sleep(50);
            mails = received(address);
        }
        return mails;
    }

    private static List<MimeMessage> received(String address) {
        return Arrays.stream(server.getReceivedMessages()).filter(mail -> {
            try {
                return Arrays.stream(mail.getAllRecipients()).anyMatch(recipient -> recipient.toString().equals(address));
            } catch (jakarta.mail.MessagingException e) {
                throw new IllegalStateException(e);
            }
        }).toList();
    }
}
