package io.clouddiagnoze.testsupport;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * A real SMTP server (GreenMail) on 127.0.0.1 for the tests' run, given to the application as a deployment gives it its
 * mail relay (SMTP_HOST, SMTP_PORT, SMTP_START_TLS): auth-service's reset mail and notification-service's alerts.
 */
public class SmtpServer implements QuarkusTestResourceLifecycleManager {
    private static GreenMail server;

    @Override
    public Map<String, String> start() {
        int port = LocalMachine.freePort();
        server = new GreenMail(new ServerSetup(port, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        server.start();
        return Map.of("quarkus.mailer.mock", "false", "SMTP_HOST", "127.0.0.1", "SMTP_PORT", String.valueOf(port),
                "SMTP_START_TLS", "DISABLED");
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
