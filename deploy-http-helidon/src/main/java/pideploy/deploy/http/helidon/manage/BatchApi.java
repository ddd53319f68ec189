package pideploy.deploy.http.helidon.manage;

import io.helidon.http.Status;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import pideploy.deploy.core.batch.BatchId;
import pideploy.deploy.core.batch.ExpectedDevices;
import pideploy.deploy.core.deployment.BatchBreaker;
import pideploy.deploy.core.deployment.CircuitBreaker;
import pideploy.deploy.core.product.ProductCode;
import pideploy.deploy.core.usecase.BatchAction;
import pideploy.deploy.core.usecase.BatchChange;
import pideploy.deploy.core.usecase.BatchCreation;
import pideploy.deploy.core.usecase.BatchMove;
import pideploy.deploy.core.usecase.CreateBatchCommand;
import pideploy.deploy.core.usecase.DeployCore;
import pideploy.deploy.core.venue.VenueCode;
import pideploy.deploy.http.helidon.ApiProblem;
import pideploy.deploy.http.helidon.Json;
import pideploy.deploy.http.helidon.JsonFields;
import pideploy.deploy.http.helidon.auth.AuditTrail;
import pideploy.deploy.http.helidon.view.Views;

/**
 * Batches: create, list, start, pause, cancel, change priority, set the circuit breaker (ADR-0058), list the devices a
 * batch is for.
 */
public final class BatchApi {
    private final DeployCore core;
    private final AuditTrail audit;
    private final int maxBody;

    public BatchApi(DeployCore core, AuditTrail audit, int maxBody) {
        this.core = core;
        this.audit = audit;
        this.maxBody = maxBody;
    }

    public void list(ServerRequest req, ServerResponse res) {
        Map<BatchId, BatchBreaker> breakers = core.listBatches().breakers();
        Json.send(
                res,
                core.listBatches().list().stream()
                        .map(b -> Views.BatchView.of(
                                b,
                                core.expectBatchDevices()
                                        .expected(b.id())
                                        .map(ExpectedDevices::size)
                                        .orElse(0),
                                breakers.getOrDefault(b.id(), BatchBreaker.OFF)))
                        .toList());
    }

    /**
     * {@code PUT /api/v1/batches/{id}/breaker}: {@code {"failures": N, "window": M}} sets the circuit breaker
     * (ADR-0058), {@code {"off": true}} turns it off.
     */
    public void breaker(ServerRequest req, ServerResponse res) {
        BatchId id = Params.path(req, "id", BatchId::parse);
        JsonFields f = Json.readObject(req, maxBody);
        Optional<CircuitBreaker> rule = breakerRule(f);
        answer(
                req,
                res,
                core.changeBatchState().setBreaker(id, rule),
                "batch.breaker",
                rule.map(r -> r.describe() + " failed pauses it").orElse("off"));
    }

    /**
     * The breaker a request asks for: {@code off: true}, {@code breaker: "5/10"|"off"}, or {@code failures} and
     * {@code window}; none of them: the default.
     */
    static Optional<CircuitBreaker> breakerRule(JsonFields f) {
        if (f.optionalBoolean("off").orElse(false)) {
            return Optional.empty();
        }
        Optional<String> text = f.optionalText("breaker", 32);
        if (text.isPresent()) {
            return JsonFields.parse("breaker", text.get(), CircuitBreaker::parse);
        }
        Optional<Long> failures = f.optionalLong("breaker_failures", 1, CircuitBreaker.MAX_WINDOW)
                .or(() -> f.optionalLong("failures", 1, CircuitBreaker.MAX_WINDOW));
        Optional<Long> window = f.optionalLong("breaker_window", 1, CircuitBreaker.MAX_WINDOW)
                .or(() -> f.optionalLong("window", 1, CircuitBreaker.MAX_WINDOW));
        if (failures.isEmpty() && window.isEmpty()) {
            return Optional.of(CircuitBreaker.DEFAULT);
        }
        if (failures.isEmpty() || window.isEmpty()) {
            throw ApiProblem.invalidField(
                    failures.isEmpty() ? "failures" : "window",
                    "is required with %s (a breaker needs both: N failures of the last M; or off: true)"
                            .formatted(failures.isEmpty() ? "window" : "failures"));
        }
        return Optional.of(JsonFields.parse(
                "failures",
                failures.get() + " of " + window.get(),
                x -> new CircuitBreaker(failures.get().intValue(), window.get().intValue())));
    }

    /** {@code GET /api/v1/batches/{id}/expected}: the devices the batch is for (empty lists: any device). */
    public void expected(ServerRequest req, ServerResponse res) {
        BatchId id = Params.path(req, "id", BatchId::parse);
        ExpectedDevices devices = core.expectBatchDevices()
                .expected(id)
                .orElseThrow(() -> ApiProblem.notFound("batch %s does not exist".formatted(id)));
        Json.send(res, expectedBody(id, devices));
    }

    /**
     * {@code PUT /api/v1/batches/{id}/expected}: replaces the list. The body is the list itself (a paste or a CSV
     * file, {@code text/plain} or {@code text/csv}) or JSON {@code {"devices": "..."}}; an empty list lets any device
     * in again.
     */
    public void expect(ServerRequest req, ServerResponse res) {
        BatchId id = Params.path(req, "id", BatchId::parse);
        boolean json =
                req.headers().contentType().map(t -> t.subtype().equals("json")).orElse(false);
        String text = json
                ? Json.readObject(req, MAX_EXPECTED_BYTES).text("devices", MAX_EXPECTED_BYTES)
                : new String(Json.readBody(req, MAX_EXPECTED_BYTES), StandardCharsets.UTF_8);
        ExpectedDevices devices;
        try {
            devices = ExpectedDevices.parse(text);
        } catch (IllegalArgumentException e) {
            throw ApiProblem.invalidField("devices", e.getMessage());
        }
        if (core.expectBatchDevices().expect(id, devices).isEmpty()) {
            throw ApiProblem.notFound("batch %s does not exist".formatted(id));
        }
        Audited.record(
                audit,
                req,
                "batch.expect",
                id.toString(),
                devices.isEmpty()
                        ? "any device"
                        : "%d serial numbers, %d MAC addresses"
                                .formatted(
                                        devices.serials().size(), devices.macs().size()));
        Json.send(res, expectedBody(id, devices));
    }

    /** A venue's list of 100,000 serials and MACs as CSV is about 3 MB. */
    static final int MAX_EXPECTED_BYTES = 4 << 20;

    private static Map<String, Object> expectedBody(BatchId id, ExpectedDevices devices) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("batch_id", id.value());
        body.put("any_device", devices.isEmpty());
        body.put(
                "serials",
                devices.serials().stream().map(Object::toString).sorted().toList());
        body.put("macs", devices.macs().stream().map(Object::toString).sorted().toList());
        return body;
    }

    public void create(ServerRequest req, ServerResponse res) {
        JsonFields f = Json.readObject(req, maxBody);
        VenueCode venue = JsonFields.parse("venue", f.ascii("venue", 4), VenueCode::of);
        ProductCode product = JsonFields.parse("product", f.ascii("product", 16), ProductCode::of);
        int count = (int) f.longValue("count", 1, 1_000_000);
        int priority = (int)
                f.optionalLong("priority", -1_000_000, 1_000_000).orElse(0L).longValue();
        Optional<CircuitBreaker> breaker =
                f.optionalBoolean("breaker_off").orElse(false) ? Optional.empty() : breakerRule(f);
        CreateBatchCommand cmd =
                JsonFields.parse("count", "", x -> new CreateBatchCommand(venue, product, count, priority, breaker));
        switch (core.createBatch().create(cmd)) {
            case BatchCreation.Created c -> {
                Audited.record(
                        audit,
                        req,
                        "batch.create",
                        c.batch().id().toString(),
                        "%s/%s count %d priority %d breaker %s"
                                .formatted(
                                        venue,
                                        product,
                                        count,
                                        priority,
                                        breaker.map(CircuitBreaker::describe).orElse("off")));
                Json.send(res, Status.CREATED_201, view(c.batch()));
            }
            case BatchCreation.UnknownVenue u -> throw new ApiProblem(422, "UNKNOWN_VENUE", u.message());
            case BatchCreation.UnknownProduct u -> throw new ApiProblem(422, "UNKNOWN_PRODUCT", u.message());
            case BatchCreation.NotEnoughHostnames n -> throw ApiProblem.conflict("NOT_ENOUGH_HOSTNAMES", n.message());
        }
    }

    public void start(ServerRequest req, ServerResponse res) {
        change(req, res, BatchAction.START);
    }

    public void pause(ServerRequest req, ServerResponse res) {
        change(req, res, BatchAction.PAUSE);
    }

    public void cancel(ServerRequest req, ServerResponse res) {
        change(req, res, BatchAction.CANCEL);
    }

    private void change(ServerRequest req, ServerResponse res, BatchAction action) {
        BatchId id = Params.path(req, "id", BatchId::parse);
        answer(
                req,
                res,
                core.changeBatchState().change(id, action),
                "batch." + action.name().toLowerCase(java.util.Locale.ROOT),
                "");
    }

    public void priority(ServerRequest req, ServerResponse res) {
        BatchId id = Params.path(req, "id", BatchId::parse);
        int priority = (int) Json.readObject(req, maxBody).longValue("priority", -1_000_000, 1_000_000);
        answer(req, res, core.setBatchPriority().set(id, priority), "batch.priority", "priority " + priority);
    }

    /** {@code POST /api/v1/batches/{id}/move {"direction":"up"|"down"}}: one place in serving order (ADR-0089). */
    public void move(ServerRequest req, ServerResponse res) {
        BatchId id = Params.path(req, "id", BatchId::parse);
        JsonFields f = Json.readObject(req, maxBody);
        BatchMove.Direction direction =
                JsonFields.parse("direction", f.ascii("direction", 8), BatchMove.Direction::parse);
        switch (core.setBatchPriority().move(id, direction)) {
            case BatchMove.Moved m -> {
                Audited.record(
                        audit,
                        req,
                        "batch.move",
                        id.toString(),
                        direction.name().toLowerCase(java.util.Locale.ROOT) + "; priorities now "
                                + m.changed().stream()
                                        .map(b -> "#" + b.id() + " " + b.priority())
                                        .collect(java.util.stream.Collectors.joining(", ")));
                Json.send(res, view(m.moved()));
            }
            case BatchMove.NotFound n -> throw ApiProblem.notFound(n.message());
            case BatchMove.Closed c -> throw ApiProblem.conflict("INVALID_TRANSITION", c.message());
            case BatchMove.AtEdge e -> throw ApiProblem.conflict("AT_EDGE", e.message());
        }
    }

    private Views.BatchView view(pideploy.deploy.core.batch.Batch b) {
        return Views.BatchView.of(b, null, core.listBatches().breaker(b.id()));
    }

    private void answer(ServerRequest req, ServerResponse res, BatchChange change, String action, String details) {
        switch (change) {
            case BatchChange.Changed c -> {
                Audited.record(audit, req, action, c.batch().id().toString(), details);
                Json.send(res, view(c.batch()));
            }
            case BatchChange.NotFound n -> throw ApiProblem.notFound(n.message());
            case BatchChange.InvalidTransition t -> throw ApiProblem.conflict("INVALID_TRANSITION", t.message());
            case BatchChange.NotEnoughHostnames n -> throw ApiProblem.conflict("NOT_ENOUGH_HOSTNAMES", n.message());
        }
    }
}
