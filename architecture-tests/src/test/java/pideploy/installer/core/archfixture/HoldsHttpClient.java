package pideploy.installer.core.archfixture;

import java.net.http.HttpClient;

/** Breaks the installer-core allow-list: HTTP belongs in the installer's composition root. */
public final class HoldsHttpClient {
    HttpClient client;
}
