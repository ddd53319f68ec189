package pideploy.deploy.http.helidon.manage;

import io.helidon.http.Status;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.util.Map;
import java.util.Optional;
import pideploy.deploy.core.hostname.Hostname;
import pideploy.deploy.core.pool.PoolEntryState;
import pideploy.deploy.core.pool.PoolFilter;
import pideploy.deploy.core.product.HostnameStrategy;
import pideploy.deploy.core.product.ProductCode;
import pideploy.deploy.core.usecase.AddVenueCommand;
import pideploy.deploy.core.usecase.DeployCore;
import pideploy.deploy.core.usecase.HostnameRelease;
import pideploy.deploy.core.usecase.HostnameRetirement;
import pideploy.deploy.core.usecase.ImportPoolCommand;
import pideploy.deploy.core.usecase.PoolImport;
import pideploy.deploy.core.usecase.ProductAddition;
import pideploy.deploy.core.usecase.VenueAddition;
import pideploy.deploy.core.usecase.VenueUpdate;
import pideploy.deploy.core.venue.Venue;
import pideploy.deploy.core.venue.VenueCode;
import pideploy.deploy.http.helidon.ApiProblem;
import pideploy.deploy.http.helidon.Json;
import pideploy.deploy.http.helidon.JsonFields;
import pideploy.deploy.http.helidon.auth.AuditTrail;
import pideploy.deploy.http.helidon.view.Views;

/** Venues, products, hostname pools and the fleet summary. */
public final class FleetApi {
    private final DeployCore core;
    private final AuditTrail audit;
    private final int maxBody;

    public FleetApi(DeployCore core, AuditTrail audit, int maxBody) {
        this.core = core;
        this.audit = audit;
        this.maxBody = maxBody;
    }

    public void venues(ServerRequest req, ServerResponse res) {
        Json.send(
                res, core.listVenues().list().stream().map(Views.VenueView::of).toList());
    }

    public void addVenue(ServerRequest req, ServerResponse res) {
        JsonFields f = Json.readObject(req, maxBody);
        VenueCode code = JsonFields.parse("code", f.ascii("code", 4), VenueCode::of);
        switch (core.addVenue().add(venueCommand(code, f))) {
            case VenueAddition.Added a -> {
                Audited.record(audit, req, "venue.add", code.value(), a.venue().name());
                Json.send(res, Status.CREATED_201, Views.VenueView.of(a.venue()));
            }
            case VenueAddition.AlreadyExists e -> throw ApiProblem.conflict("ALREADY_EXISTS", e.message());
        }
    }

    /** {@code PUT /api/v1/venues/{code}} with {@code {name, location?, contact_email?}}; the code never changes. */
    public void updateVenue(ServerRequest req, ServerResponse res) {
        VenueCode code = Params.path(req, "code", VenueCode::of);
        JsonFields f = Json.readObject(req, maxBody);
        switch (core.updateVenue().update(venueCommand(code, f))) {
            case VenueUpdate.Updated u -> {
                Audited.record(
                        audit, req, "venue.update", code.value(), u.venue().name());
                Json.send(res, Views.VenueView.of(u.venue()));
            }
            case VenueUpdate.NotFound n -> throw ApiProblem.notFound(n.message());
        }
    }

    /** Each field checked on its own, so a refusal names the field that is wrong. */
    private static AddVenueCommand venueCommand(VenueCode code, JsonFields f) {
        String name = JsonFields.parse("name", f.text("name", 200), Venue::validateName);
        String location =
                JsonFields.parse("location", f.optionalText("location", 200).orElse(""), Venue::validateLocation);
        String email = JsonFields.parse(
                "contact_email", f.optionalAscii("contact_email", 254).orElse(""), Venue::validateContactEmail);
        return new AddVenueCommand(code, name, location, email);
    }

    public void products(ServerRequest req, ServerResponse res) {
        Json.send(
                res,
                core.listProducts().list().stream().map(Views.ProductView::of).toList());
    }

    public void addProduct(ServerRequest req, ServerResponse res) {
        JsonFields f = Json.readObject(req, maxBody);
        ProductCode code = JsonFields.parse("code", f.ascii("code", 16), ProductCode::of);
        HostnameStrategy strategy = JsonFields.parse("strategy", f.ascii("strategy", 16), HostnameStrategy::parse);
        switch (core.addProduct().add(code, strategy)) {
            case ProductAddition.Added a -> {
                Audited.record(audit, req, "product.add", code.value(), strategy.wireName());
                Json.send(res, Status.CREATED_201, Views.ProductView.of(a.product()));
            }
            case ProductAddition.AlreadyExists e -> throw ApiProblem.conflict("ALREADY_EXISTS", e.message());
        }
    }

    /** {@code GET /api/v1/pools/{venue}?product=&state=}: the venue's pool entries. */
    public void pool(ServerRequest req, ServerResponse res) {
        VenueCode venue = Params.path(req, "venue", VenueCode::of);
        if (core.listVenues().find(venue).isEmpty()) {
            throw ApiProblem.notFound("venue %s does not exist".formatted(venue));
        }
        Optional<ProductCode> product = Params.query(req, "product", 16, ProductCode::of);
        Optional<PoolEntryState> state = Params.query(req, "state", 16, PoolEntryState::parse);
        var entries = core.listPool().listWithHolders(new PoolFilter(Optional.of(venue), product, state));
        var counts = core.listPool().counts().stream()
                .filter(c -> c.venue().equals(venue))
                .filter(c -> product.map(p -> p.equals(c.product())).orElse(true))
                .map(Views.PoolCountsView::of)
                .toList();
        Json.send(
                res,
                Map.of(
                        "counts",
                        counts,
                        "entries",
                        entries.stream().map(Views.PoolEntryView::of).toList()));
    }

    /** {@code POST /api/v1/pools/{venue}/import} with {@code {product, numbers: "1-50,77"}}. */
    public void importPool(ServerRequest req, ServerResponse res) {
        VenueCode venue = Params.path(req, "venue", VenueCode::of);
        JsonFields f = Json.readObject(req, maxBody);
        ProductCode product = JsonFields.parse("product", f.ascii("product", 16), ProductCode::of);
        // Room for a pasted list of kart numbers, one per line (ADR-0089).
        String numbers = f.text("numbers", 100_000);
        ImportPoolCommand cmd = JsonFields.parse("numbers", numbers, n -> ImportPoolCommand.parse(venue, product, n));
        switch (core.importPool().importNumbers(cmd)) {
            case PoolImport.Imported i -> {
                Audited.record(
                        audit,
                        req,
                        "pool.import",
                        venue + "/" + i.product(),
                        "%s: %d imported, %d already there"
                                .formatted(PoolImportText.forAudit(numbers), i.imported(), i.skipped()));
                Json.send(
                        res,
                        Map.of(
                                "venue",
                                venue.value(),
                                "product",
                                i.product().value(),
                                "imported",
                                i.imported(),
                                "skipped",
                                i.skipped()));
            }
            case PoolImport.UnknownVenue u -> throw ApiProblem.notFound(u.message());
            case PoolImport.UnknownProduct u -> throw new ApiProblem(422, "UNKNOWN_PRODUCT", u.message());
            case PoolImport.NotAPoolProduct n -> throw new ApiProblem(422, "NOT_A_POOL_PRODUCT", n.message());
        }
    }

    public void pools(ServerRequest req, ServerResponse res) {
        Json.send(
                res,
                core.listPool().counts().stream().map(Views.PoolCountsView::of).toList());
    }

    public void release(ServerRequest req, ServerResponse res) {
        Hostname h = Params.path(req, "hostname", Hostname::of);
        switch (core.releaseHostname().release(h)) {
            case HostnameRelease.Released r -> {
                Audited.record(
                        audit,
                        req,
                        "hostname.release",
                        h.value(),
                        r.formerHolder().map(d -> "was held by " + d).orElse("was free"));
                Json.send(res, Map.of("hostname", h.value(), "state", "available"));
            }
            case HostnameRelease.NotFound n -> throw ApiProblem.notFound(n.message());
            case HostnameRelease.Retired r -> throw ApiProblem.conflict("RETIRED", r.message());
        }
    }

    public void retire(ServerRequest req, ServerResponse res) {
        Hostname h = Params.path(req, "hostname", Hostname::of);
        switch (core.retireHostname().retire(h)) {
            case HostnameRetirement.Retired r -> {
                Audited.record(
                        audit,
                        req,
                        "hostname.retire",
                        h.value(),
                        r.formerHolder().map(d -> "was held by " + d).orElse("was free"));
                Json.send(res, Map.of("hostname", h.value(), "state", "retired"));
            }
            case HostnameRetirement.AlreadyRetired a -> throw ApiProblem.conflict("ALREADY_RETIRED", a.message());
            case HostnameRetirement.NotInPool n -> throw ApiProblem.notFound(n.message());
        }
    }

    public void summary(ServerRequest req, ServerResponse res) {
        Json.send(res, Views.SummaryView.of(core.summarizeFleet().summarize()));
    }
}
