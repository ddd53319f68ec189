package pideploy.deploy.http.helidon;

/** The one error shape of both APIs: {@code {"error":{"code":"...","message":"..."}}}. */
public record ErrorBody(Detail error) {
    /** Machine-readable code (upper snake case) and a sentence for humans naming what was wrong. */
    public record Detail(String code, String message) {}

    public static ErrorBody of(String code, String message) {
        return new ErrorBody(new Detail(code, message));
    }
}
