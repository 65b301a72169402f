package io.clouddiagnoze.notification;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import io.clouddiagnoze.testsupport.LocalMachine;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/** The platform's SMTP server in the tests: GreenMail on 127.0.0.1, a real server that notification-service mails to. */
public class MailServer implements QuarkusTestResourceLifecycleManager {
    private static GreenMail server;

    @Override
    public Map<String, String> start() {
        int port = LocalMachine.freePort();
        server = new GreenMail(new ServerSetup(port, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        server.start();
        return Map.of("clouddiagnoze.alerts.smtp-host", "127.0.0.1", "quarkus.mailer.host", "127.0.0.1",
                "quarkus.mailer.port", String.valueOf(port), "quarkus.mailer.start-tls", "DISABLED");
    }

    @Override
    public void stop() {
        server.stop();
    }

    /** What {@code address} has been sent so far. */
    public static List<MimeMessage> received(String address) {
        return Arrays.stream(server.getReceivedMessages()).filter(mail -> {
            try {
                return Arrays.stream(mail.getRecipients(Message.RecipientType.TO)).anyMatch(to -> to.toString().equals(address));
            } catch (MessagingException e) {
                throw new IllegalStateException(e);
            }
        }).toList();
    }
}
