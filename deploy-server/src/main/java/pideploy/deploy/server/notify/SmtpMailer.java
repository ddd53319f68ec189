package pideploy.deploy.server.notify;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;
import pideploy.deploy.core.notify.Notice;

/**
 * E-mails a notice by SMTP (ADR-0085): a small client of its own over a socket, enough for a relay on the operator's
 * network: {@code EHLO}, {@code STARTTLS} when asked, {@code AUTH PLAIN} when a user is given, {@code MAIL},
 * {@code RCPT} per recipient, {@code DATA} with the lines dot-stuffed, {@code QUIT}. A reply other than the one
 * expected ends the conversation with {@link SmtpRefused}, carrying the server's reply.
 */
public final class SmtpMailer {
    private static final Pattern ADDRESS = Pattern.compile("[^\\s@<>,;]+@[^\\s@<>,;]+");
    private static final Duration TIMEOUT = Duration.ofSeconds(20);

    /**
     * Where and how to send.
     *
     * @param host     relay host
     * @param port     25, 587 (with {@code startTls}) or another
     * @param startTls upgrade the connection with {@code STARTTLS} before anything else is sent
     * @param user     for {@code AUTH PLAIN}; empty: no authentication
     * @param password with {@code user}
     * @param from     the envelope and header sender
     * @param to       one or more recipients
     */
    public record Settings(
            String host,
            int port,
            boolean startTls,
            Optional<String> user,
            Optional<String> password,
            String from,
            List<String> to) {
        public Settings {
            if (host == null || host.isBlank()) {
                throw new IllegalArgumentException("SMTP host is required");
            }
            if (port < 1 || port > 65535) {
                throw new IllegalArgumentException("SMTP port must be 1-65535, got " + port);
            }
            Objects.requireNonNull(user, "user");
            Objects.requireNonNull(password, "password");
            address("SMTP from", from);
            to = List.copyOf(to);
            if (to.isEmpty()) {
                throw new IllegalArgumentException("SMTP needs at least one recipient (to)");
            }
            to.forEach(a -> address("SMTP to", a));
        }

        private static void address(String what, String a) {
            if (a == null || !ADDRESS.matcher(a).matches()) {
                throw new IllegalArgumentException(
                        "%s must be an e-mail address like ops@example.org, got '%s'".formatted(what, a));
            }
        }
    }

    /** The server answered something other than what the step needs. */
    public static final class SmtpRefused extends IOException {
        SmtpRefused(String step, String reply) {
            super("SMTP server refused %s: %s".formatted(step, reply));
        }
    }

    private final Settings settings;

    public SmtpMailer(Settings settings) {
        this.settings = Objects.requireNonNull(settings, "settings");
    }

    /** Sends one message for the notice; returns the server's reply to the message ({@code 250 ...}). */
    public String send(Notice notice) throws IOException {
        try (Socket plain = new Socket()) {
            plain.connect(new InetSocketAddress(settings.host(), settings.port()), (int) TIMEOUT.toMillis());
            plain.setSoTimeout((int) TIMEOUT.toMillis());
            Conversation c = new Conversation(plain);
            c.expect("greeting", 220);
            c.command("EHLO pideploy", "EHLO", 250);
            if (settings.startTls()) {
                c.command("STARTTLS", "STARTTLS", 220);
                SSLSocket tls = (SSLSocket) ((SSLSocketFactory) SSLSocketFactory.getDefault())
                        .createSocket(plain, settings.host(), settings.port(), true);
                tls.startHandshake();
                c = new Conversation(tls);
                c.command("EHLO pideploy", "EHLO after STARTTLS", 250);
            }
            if (settings.user().isPresent()) {
                String token = Base64.getEncoder()
                        .encodeToString(("\0" + settings.user().get() + "\0"
                                        + settings.password().orElse(""))
                                .getBytes(StandardCharsets.UTF_8));
                c.command("AUTH PLAIN " + token, "AUTH PLAIN", 235);
            }
            c.command("MAIL FROM:<" + settings.from() + ">", "MAIL FROM", 250);
            for (String to : settings.to()) {
                c.command("RCPT TO:<" + to + ">", "RCPT TO " + to, 250);
            }
            c.command("DATA", "DATA", 354);
            String reply = c.command(message(notice) + ".", "the message", 250);
            c.command("QUIT", "QUIT", 221);
            return reply;
        }
    }

    /** Headers and body, CRLF line ends, lines starting with a dot doubled (RFC 5321 4.5.2). */
    String message(Notice notice) {
        StringBuilder m = new StringBuilder();
        m.append("From: ").append(settings.from()).append("\r\n");
        m.append("To: ").append(String.join(", ", settings.to())).append("\r\n");
        m.append("Subject: [PiDeploy] ").append(oneLine(notice.summary())).append("\r\n");
        m.append("Date: ")
                .append(DateTimeFormatter.RFC_1123_DATE_TIME.format(notice.at().atOffset(ZoneOffset.UTC)))
                .append("\r\n");
        m.append("X-PiDeploy-Event: ").append(notice.type().wireName()).append("\r\n");
        m.append("MIME-Version: 1.0\r\nContent-Type: text/plain; charset=UTF-8\r\nContent-Transfer-Encoding: 8bit\r\n");
        m.append("\r\n");
        StringBuilder body = new StringBuilder();
        body.append(notice.summary()).append("\n\n");
        body.append("event: ").append(notice.type().wireName()).append('\n');
        body.append("at: ").append(notice.at()).append('\n');
        notice.details().forEach((k, v) -> body.append(k).append(": ").append(v).append('\n'));
        for (String line : body.toString().split("\n", -1)) {
            m.append(line.startsWith(".") ? "." + line : line).append("\r\n");
        }
        return m.toString();
    }

    private static String oneLine(String s) {
        return s.replaceAll("[\\r\\n]+", " ");
    }

    /** One reply per command; multi-line replies ({@code 250-...}) are read to their last line. */
    private static final class Conversation {
        private final BufferedReader in;
        private final OutputStream out;

        Conversation(Socket s) throws IOException {
            this.in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
            this.out = s.getOutputStream();
        }

        String command(String line, String step, int expected) throws IOException {
            out.write((line + "\r\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
            return expect(step, expected);
        }

        String expect(String step, int expected) throws IOException {
            String line;
            StringBuilder reply = new StringBuilder();
            do {
                line = in.readLine();
                if (line == null) {
                    throw new SmtpRefused(step, "connection closed" + (reply.isEmpty() ? "" : " after " + reply));
                }
                reply.append(reply.isEmpty() ? "" : " ").append(line);
            } while (line.length() > 3 && line.charAt(3) == '-');
            if (!line.startsWith(Integer.toString(expected))) {
                throw new SmtpRefused(step, reply.toString());
            }
            return reply.toString();
        }
    }
}
