package pideploy.deploy.server.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import pideploy.deploy.core.notify.Notice;
import pideploy.deploy.core.notify.NoticeType;

/**
 * E-mail by SMTP (ADR-0085) to a receiver on loopback that speaks just enough SMTP: the conversation, the message as
 * it arrives (dot-stuffed lines undone), authentication, and a refusal that names the step and the server's reply.
 */
class SmtpDeliveryIT {
    ServerSocket listener;

    /** One session; {@code refuseRcpt} answers RCPT with 550. Completes with the commands and the message lines. */
    CompletableFuture<List<String>> receiver(boolean refuseRcpt) throws IOException {
        listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        return CompletableFuture.supplyAsync(() -> {
            List<String> seen = new ArrayList<>();
            try (Socket s = listener.accept()) {
                BufferedReader in =
                        new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
                OutputStream out = s.getOutputStream();
                reply(out, "220 loopback ESMTP test");
                for (String line; (line = in.readLine()) != null; ) {
                    seen.add(line);
                    if (line.startsWith("EHLO")) {
                        reply(out, "250-loopback\r\n250-AUTH PLAIN\r\n250 8BITMIME");
                    } else if (line.startsWith("AUTH PLAIN")) {
                        reply(out, "235 ok");
                    } else if (line.startsWith("MAIL FROM")) {
                        reply(out, "250 ok");
                    } else if (line.startsWith("RCPT TO")) {
                        reply(out, refuseRcpt ? "550 5.1.1 no such user here" : "250 ok");
                    } else if (line.equals("DATA")) {
                        reply(out, "354 go ahead");
                        for (String data; (data = in.readLine()) != null && !data.equals("."); ) {
                            seen.add("DATA|" + (data.startsWith("..") ? data.substring(1) : data));
                        }
                        reply(out, "250 2.0.0 queued as 42");
                    } else if (line.equals("QUIT")) {
                        reply(out, "221 bye");
                        break;
                    } else {
                        reply(out, "502 not here");
                    }
                }
            } catch (IOException e) {
                seen.add("receiver failed: " + e);
            }
            return seen;
        });
    }

    static void reply(OutputStream out, String text) throws IOException {
        out.write((text + "\r\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    @AfterEach
    void close() throws IOException {
        if (listener != null) {
            listener.close();
        }
    }

    SmtpMailer.Settings settings(Optional<String> user) {
        return new SmtpMailer.Settings(
                "127.0.0.1",
                listener.getLocalPort(),
                false,
                user,
                user.map(u -> "app password"),
                "pideploy@track.example.org",
                List.of("ops@example.org", "lead@example.org"));
    }

    static Notice breakerTrip() {
        return new Notice(
                NoticeType.BREAKER_TRIPPED,
                Instant.parse("2026-12-04T01:30:00Z"),
                "batch 7 (CORO / KXP2) paused by its breaker: 3 of the last 5 deployments failed (write 3)",
                Map.of("batch_id", "7", "reason", ".starts with a dot"));
    }

    @Test
    void sendsTheNoticeToEveryRecipientAuthenticatedAndDotStuffed() throws Exception {
        CompletableFuture<List<String>> session = receiver(false);

        String reply = new SmtpMailer(settings(Optional.of("track"))).send(breakerTrip());

        List<String> seen = session.get(10, TimeUnit.SECONDS);
        assertThat(reply).isEqualTo("250 2.0.0 queued as 42");
        assertThat(seen)
                .contains(
                        "EHLO pideploy",
                        "AUTH PLAIN "
                                + Base64.getEncoder()
                                        .encodeToString("\0track\0app password".getBytes(StandardCharsets.UTF_8)),
                        "MAIL FROM:<pideploy@track.example.org>",
                        "RCPT TO:<ops@example.org>",
                        "RCPT TO:<lead@example.org>",
                        "DATA|From: pideploy@track.example.org",
                        "DATA|To: ops@example.org, lead@example.org",
                        "DATA|Subject: [PiDeploy] batch 7 (CORO / KXP2) paused by its breaker: 3 of the last 5 deployments"
                                + " failed (write 3)",
                        "DATA|X-PiDeploy-Event: batch.breaker_tripped",
                        "DATA|batch_id: 7",
                        "DATA|reason: .starts with a dot",
                        "QUIT");
    }

    @Test
    void aRefusedRecipientEndsWithTheStepAndTheServersReply() throws Exception {
        receiver(true);

        assertThatThrownBy(() -> new SmtpMailer(settings(Optional.empty())).send(breakerTrip()))
                .isInstanceOf(SmtpMailer.SmtpRefused.class)
                .hasMessageContaining("RCPT TO ops@example.org")
                .hasMessageContaining("550 5.1.1 no such user here");
    }

    @Test
    void refusesSettingsThatCannotWorkNamingTheField() {
        assertThatThrownBy(() -> new SmtpMailer.Settings(
                        "mail", 25, false, Optional.empty(), Optional.empty(), "not-an-address", List.of("a@b.c")))
                .hasMessageContaining("SMTP from")
                .hasMessageContaining("'not-an-address'");
        assertThatThrownBy(() -> new SmtpMailer.Settings(
                        "mail", 25, false, Optional.empty(), Optional.empty(), "p@d.org", List.of()))
                .hasMessageContaining("at least one recipient");
        assertThatThrownBy(() -> new SmtpMailer.Settings(
                        "mail", 0, false, Optional.empty(), Optional.empty(), "p@d.org", List.of("a@b.c")))
                .hasMessageContaining("port must be 1-65535");
    }
}
