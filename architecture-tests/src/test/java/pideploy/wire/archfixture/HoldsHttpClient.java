package pideploy.wire.archfixture;

import java.net.http.HttpClient;

/** Breaks the wire allow-list: the protocol's names module talks HTTP itself. */
public final class HoldsHttpClient {
    HttpClient http;
}
