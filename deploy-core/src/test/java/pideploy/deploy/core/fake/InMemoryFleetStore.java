package pideploy.deploy.core.fake;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;
import pideploy.deploy.core.batch.Batch;
import pideploy.deploy.core.batch.BatchId;
import pideploy.deploy.core.batch.BatchState;
import pideploy.deploy.core.deployment.Deployment;
import pideploy.deploy.core.deployment.DeploymentEvent;
import pideploy.deploy.core.deployment.DeploymentFilter;
import pideploy.deploy.core.deployment.DeploymentId;
import pideploy.deploy.core.deployment.DeploymentPage;
import pideploy.deploy.core.deployment.DeploymentStatus;
import pideploy.deploy.core.deployment.EventType;
import pideploy.deploy.core.deployment.NewDeployment;
import pideploy.deploy.core.deployment.StatusCount;
import pideploy.deploy.core.device.Device;
import pideploy.deploy.core.device.DeviceIdentity;
import pideploy.deploy.core.device.MacAddress;
import pideploy.deploy.core.device.SerialNumber;
import pideploy.deploy.core.hostname.Hostname;
import pideploy.deploy.core.image.ImageVersion;
import pideploy.deploy.core.image.MasterImage;
import pideploy.deploy.core.pool.PoolCounts;
import pideploy.deploy.core.pool.PoolEntry;
import pideploy.deploy.core.pool.PoolEntryState;
import pideploy.deploy.core.pool.PoolFilter;
import pideploy.deploy.core.port.BatchRepository;
import pideploy.deploy.core.port.DeploymentRepository;
import pideploy.deploy.core.port.DeviceRepository;
import pideploy.deploy.core.port.DuplicateKeyException;
import pideploy.deploy.core.port.FleetStore;
import pideploy.deploy.core.port.FleetTransaction;
import pideploy.deploy.core.port.GroupOutcome;
import pideploy.deploy.core.port.ImageRepository;
import pideploy.deploy.core.port.PoolRepository;
import pideploy.deploy.core.port.ProductRepository;
import pideploy.deploy.core.port.ReportRepository;
import pideploy.deploy.core.port.StorageException;
import pideploy.deploy.core.port.VenueRepository;
import pideploy.deploy.core.product.Product;
import pideploy.deploy.core.product.ProductCode;
import pideploy.deploy.core.profile.Ipv4Address;
import pideploy.deploy.core.profile.ProfileLayer;
import pideploy.deploy.core.profile.ProfileScope;
import pideploy.deploy.core.profile.ProfileSettings;
import pideploy.deploy.core.report.DeploymentFact;
import pideploy.deploy.core.venue.Venue;
import pideploy.deploy.core.venue.VenueCode;

/**
 * In-memory {@link FleetStore}: every transaction runs under one lock on a copy of the state, which replaces the
 * state only when the work returns normally. So it is exactly as atomic and serialised as the SQLite adapter, and
 * a throwing transaction changes nothing.
 */
public final class InMemoryFleetStore implements FleetStore {
    private final Object lock = new Object();
    private State state = new State();

    @Override
    public <T> T write(Function<FleetTransaction, T> work) {
        synchronized (lock) {
            State copy = state.copy();
            T result = work.apply(new Tx(copy, true));
            state = copy;
            return result;
        }
    }

    /** One lock for the group; each work runs on its own copy, kept only when it returns (a savepoint). */
    @Override
    public <T> List<GroupOutcome<T>> writeGroup(List<? extends Function<FleetTransaction, ? extends T>> works) {
        synchronized (lock) {
            State current = state;
            List<GroupOutcome<T>> outcomes = new ArrayList<>(works.size());
            for (Function<FleetTransaction, ? extends T> work : works) {
                State copy = current.copy();
                try {
                    outcomes.add(new GroupOutcome.Done<>(work.apply(new Tx(copy, true))));
                    current = copy;
                } catch (RuntimeException e) {
                    outcomes.add(new GroupOutcome.Failed<>(e));
                }
            }
            state = current;
            return outcomes;
        }
    }

    @Override
    public <T> T read(Function<FleetTransaction, T> work) {
        synchronized (lock) {
            return work.apply(new Tx(state, false));
        }
    }

    @Override
    public void ping() {
        // always reachable
    }

    private static final class State {
        final Map<VenueCode, Venue> venues = new TreeMap<>();
        final Map<ProductCode, Product> products = new TreeMap<>();
        final Map<String, PoolEntry> pool = new LinkedHashMap<>();
        final Map<Long, Device> devices = new LinkedHashMap<>();
        final Map<Long, Batch> batches = new LinkedHashMap<>();
        final Map<Long, pideploy.deploy.core.batch.ExpectedDevices> expected = new LinkedHashMap<>();
        final Map<Long, pideploy.deploy.core.deployment.BatchBreaker> breakers = new LinkedHashMap<>();
        final Map<String, MasterImage> images = new LinkedHashMap<>();
        final Map<Long, Deployment> deployments = new LinkedHashMap<>();
        final List<DeploymentEvent> events = new ArrayList<>();
        final Map<String, pideploy.deploy.core.profile.ProfileLayer> profiles = new TreeMap<>();
        final Map<Long, String> applied = new LinkedHashMap<>();
        final Map<Long, String> booted = new LinkedHashMap<>();
        final List<pideploy.deploy.core.profile.HookVersion> hooks = new ArrayList<>();
        long nextDevice = 1;
        long nextBatch = 1;
        long nextDeployment = 1;
        long nextEvent = 1;

        State copy() {
            State c = new State();
            c.venues.putAll(venues);
            c.products.putAll(products);
            c.pool.putAll(pool);
            c.devices.putAll(devices);
            c.batches.putAll(batches);
            c.expected.putAll(expected);
            c.breakers.putAll(breakers);
            c.images.putAll(images);
            c.deployments.putAll(deployments);
            c.events.addAll(events);
            c.profiles.putAll(profiles);
            c.applied.putAll(applied);
            c.booted.putAll(booted);
            c.hooks.addAll(hooks);
            c.nextDevice = nextDevice;
            c.nextBatch = nextBatch;
            c.nextDeployment = nextDeployment;
            c.nextEvent = nextEvent;
            return c;
        }
    }

    private static String poolKey(VenueCode v, ProductCode p, int number) {
        return v.value() + "/" + p.value() + "/" + number;
    }

    /** Kind then key, so a TreeMap lists layers as the SQLite adapter does. */
    private static String profileKey(ProfileScope scope) {
        return scope.kind() + "/" + scope.key();
    }

    private static String imageKey(ProductCode p, ImageVersion v) {
        return p.value() + "/" + v.value();
    }

    private record Tx(State s, boolean writable) implements FleetTransaction {
        void checkWritable() {
            if (!writable) {
                throw new IllegalStateException("FleetStore.read transactions must not write");
            }
        }

        @Override
        public pideploy.deploy.core.port.HookRepository hooks() {
            return new InMemoryHookRepository(s.hooks, this::checkWritable);
        }

        @Override
        public pideploy.deploy.core.port.ProfileRepository profiles() {
            return new pideploy.deploy.core.port.ProfileRepository() {
                @Override
                public void put(ProfileScope scope, ProfileSettings settings, Instant now) {
                    checkWritable();
                    settings.staticIpv4()
                            .ifPresent(ip -> holderOf(ip.address())
                                    .filter(h -> !h.equals(scope))
                                    .ifPresent(h -> {
                                        throw new DuplicateKeyException(
                                                "static address " + ip.address() + " is " + h.describe() + "'s");
                                    }));
                    s.profiles.put(profileKey(scope), new ProfileLayer(scope, settings, now));
                }

                @Override
                public Optional<ProfileLayer> find(ProfileScope scope) {
                    return Optional.ofNullable(s.profiles.get(profileKey(scope)));
                }

                @Override
                public boolean remove(ProfileScope scope) {
                    checkWritable();
                    return s.profiles.remove(profileKey(scope)) != null;
                }

                @Override
                public List<ProfileLayer> layers(List<ProfileScope> scopes) {
                    return scopes.stream()
                            .map(this::find)
                            .flatMap(Optional::stream)
                            .toList();
                }

                @Override
                public List<ProfileLayer> list() {
                    return List.copyOf(s.profiles.values());
                }

                @Override
                public Optional<ProfileScope.Device> holderOf(Ipv4Address address) {
                    return s.profiles.values().stream()
                            .filter(l -> l.settings()
                                    .staticIpv4()
                                    .filter(ip -> ip.address().equals(address))
                                    .isPresent())
                            .map(l -> (ProfileScope.Device) l.scope())
                            .findFirst();
                }

                @Override
                public void recordApplied(DeploymentId deployment, String redacted) {
                    checkWritable();
                    s.applied.put(deployment.value(), redacted);
                }

                @Override
                public void recordBooted(DeploymentId deployment, String lines) {
                    checkWritable();
                    s.booted.put(deployment.value(), lines);
                }

                @Override
                public Optional<String> booted(DeploymentId deployment) {
                    return Optional.ofNullable(s.booted.get(deployment.value()));
                }

                @Override
                public Optional<String> applied(DeploymentId deployment) {
                    return Optional.ofNullable(s.applied.get(deployment.value()));
                }
            };
        }

        @Override
        public VenueRepository venues() {
            return new VenueRepository() {
                @Override
                public void add(Venue venue) {
                    checkWritable();
                    if (s.venues.containsKey(venue.code())) {
                        throw new DuplicateKeyException("venue " + venue.code() + " exists");
                    }
                    s.venues.put(venue.code(), venue);
                }

                @Override
                public void update(Venue venue) {
                    checkWritable();
                    if (!s.venues.containsKey(venue.code())) {
                        throw new StorageException("no venue " + venue.code() + " to update");
                    }
                    s.venues.put(venue.code(), venue);
                }

                @Override
                public Optional<Venue> find(VenueCode code) {
                    return Optional.ofNullable(s.venues.get(code));
                }

                @Override
                public List<Venue> list() {
                    return List.copyOf(s.venues.values());
                }
            };
        }

        @Override
        public ProductRepository products() {
            return new ProductRepository() {
                @Override
                public void add(Product product) {
                    checkWritable();
                    if (s.products.containsKey(product.code())) {
                        throw new DuplicateKeyException("product " + product.code() + " exists");
                    }
                    s.products.put(product.code(), product);
                }

                @Override
                public Optional<Product> find(ProductCode code) {
                    return Optional.ofNullable(s.products.get(code));
                }

                @Override
                public List<Product> list() {
                    return List.copyOf(s.products.values());
                }
            };
        }

        @Override
        public PoolRepository pool() {
            return new PoolRepository() {
                @Override
                public boolean addIfAbsent(PoolEntry entry) {
                    checkWritable();
                    String key = poolKey(entry.venue(), entry.product(), entry.number());
                    if (s.pool.containsKey(key)
                            || findByHostname(entry.hostname()).isPresent()) {
                        return false;
                    }
                    requireVenueAndProduct(entry.venue(), entry.product());
                    s.pool.put(key, entry);
                    return true;
                }

                @Override
                public void update(PoolEntry entry) {
                    checkWritable();
                    String key = poolKey(entry.venue(), entry.product(), entry.number());
                    if (!s.pool.containsKey(key)) {
                        throw new StorageException("no pool entry " + entry.hostname() + " to update");
                    }
                    if (entry.holder().isPresent()) {
                        long holder = entry.holder().getAsLong();
                        boolean taken = s.pool.entrySet().stream()
                                .anyMatch(e -> !e.getKey().equals(key)
                                        && e.getValue().holder().equals(OptionalLong.of(holder)));
                        if (taken) {
                            throw new DuplicateKeyException("device " + holder + " holds another pool entry");
                        }
                    }
                    s.pool.put(key, entry);
                }

                @Override
                public Optional<PoolEntry> lowestAvailable(VenueCode venue, ProductCode product) {
                    return s.pool.values().stream()
                            .filter(e -> e.venue().equals(venue)
                                    && e.product().equals(product)
                                    && e.state() == PoolEntryState.AVAILABLE)
                            .min(Comparator.comparingInt(PoolEntry::number));
                }

                @Override
                public Optional<PoolEntry> findByHostname(Hostname hostname) {
                    return s.pool.values().stream()
                            .filter(e -> e.hostname().equals(hostname))
                            .findFirst();
                }

                @Override
                public Optional<PoolEntry> findByHolder(long deviceId) {
                    return s.pool.values().stream()
                            .filter(e -> e.holder().equals(OptionalLong.of(deviceId)))
                            .findFirst();
                }

                @Override
                public List<PoolEntry> list(PoolFilter filter) {
                    return s.pool.values().stream()
                            .filter(filter::matches)
                            .sorted(Comparator.comparing(PoolEntry::venue)
                                    .thenComparing(PoolEntry::product)
                                    .thenComparingInt(PoolEntry::number))
                            .toList();
                }

                @Override
                public PoolCounts counts(VenueCode venue, ProductCode product) {
                    Map<PoolEntryState, Long> n = s.pool.values().stream()
                            .filter(e -> e.venue().equals(venue) && e.product().equals(product))
                            .collect(Collectors.groupingBy(PoolEntry::state, Collectors.counting()));
                    return new PoolCounts(
                            venue,
                            product,
                            n.getOrDefault(PoolEntryState.AVAILABLE, 0L).intValue(),
                            n.getOrDefault(PoolEntryState.ASSIGNED, 0L).intValue(),
                            n.getOrDefault(PoolEntryState.RETIRED, 0L).intValue());
                }

                @Override
                public List<PoolCounts> allCounts() {
                    return s.pool.values().stream()
                            .map(e -> List.of(e.venue(), e.product()))
                            .distinct()
                            .map(k -> counts((VenueCode) k.get(0), (ProductCode) k.get(1)))
                            .sorted(Comparator.comparing(PoolCounts::venue).thenComparing(PoolCounts::product))
                            .toList();
                }
            };
        }

        void requireVenueAndProduct(VenueCode venue, ProductCode product) {
            if (!s.venues.containsKey(venue) || !s.products.containsKey(product)) {
                throw new StorageException("venue %s or product %s does not exist".formatted(venue, product));
            }
        }

        @Override
        public DeviceRepository devices() {
            return new DeviceRepository() {
                @Override
                public Device add(DeviceIdentity identity, Instant now) {
                    checkWritable();
                    if (identity.serial().isPresent()
                            && findBySerial(identity.serial().get()).isPresent()) {
                        throw new DuplicateKeyException(
                                "a device with serial " + identity.serial().get() + " exists");
                    }
                    Device d =
                            new Device(s.nextDevice++, identity.serial(), identity.mac(), Optional.empty(), now, now);
                    s.devices.put(d.id(), d);
                    return d;
                }

                @Override
                public void update(Device device) {
                    checkWritable();
                    if (!s.devices.containsKey(device.id())) {
                        throw new StorageException("no device " + device.id() + " to update");
                    }
                    for (Device other : s.devices.values()) {
                        if (other.id() == device.id()) {
                            continue;
                        }
                        if (device.hostname().isPresent() && device.hostname().equals(other.hostname())) {
                            throw new DuplicateKeyException(
                                    "hostname " + device.hostname().get() + " is held by device " + other.id());
                        }
                        if (device.serial().isPresent() && device.serial().equals(other.serial())) {
                            throw new DuplicateKeyException(
                                    "serial " + device.serial().get() + " belongs to device " + other.id());
                        }
                    }
                    s.devices.put(device.id(), device);
                }

                @Override
                public Optional<Device> find(long id) {
                    return Optional.ofNullable(s.devices.get(id));
                }

                @Override
                public Optional<Device> findBySerial(SerialNumber serial) {
                    return s.devices.values().stream()
                            .filter(d -> d.serial().equals(Optional.of(serial)))
                            .findFirst();
                }

                @Override
                public Optional<Device> findByMac(MacAddress mac) {
                    return s.devices.values().stream()
                            .filter(d -> d.mac().equals(Optional.of(mac)))
                            .max(Comparator.comparing(Device::lastSeen).thenComparingLong(Device::id));
                }

                @Override
                public Optional<Device> findByHostname(Hostname hostname) {
                    return s.devices.values().stream()
                            .filter(d -> d.hostname().equals(Optional.of(hostname)))
                            .findFirst();
                }
            };
        }

        @Override
        public BatchRepository batches() {
            return new BatchRepository() {
                @Override
                public Batch add(VenueCode venue, ProductCode product, int count, int priority, Instant now) {
                    checkWritable();
                    requireVenueAndProduct(venue, product);
                    Batch b = new Batch(
                            new BatchId(s.nextBatch++),
                            venue,
                            product,
                            count,
                            count,
                            priority,
                            BatchState.PENDING,
                            now,
                            now);
                    s.batches.put(b.id().value(), b);
                    return b;
                }

                @Override
                public void update(Batch batch) {
                    checkWritable();
                    if (!s.batches.containsKey(batch.id().value())) {
                        throw new StorageException("no batch " + batch.id() + " to update");
                    }
                    s.batches.put(batch.id().value(), batch);
                }

                @Override
                public Optional<Batch> find(BatchId id) {
                    return Optional.ofNullable(s.batches.get(id.value()));
                }

                @Override
                public Optional<Batch> nextActive() {
                    return s.batches.values().stream()
                            .filter(b -> b.state() == BatchState.ACTIVE && b.remaining() > 0)
                            .min(Comparator.comparingInt(Batch::priority)
                                    .reversed()
                                    .thenComparingLong(b -> b.id().value()));
                }

                @Override
                public List<Batch> list() {
                    return s.batches.values().stream()
                            .sorted(Comparator.comparingLong((Batch b) -> b.id().value())
                                    .reversed())
                            .toList();
                }

                @Override
                public void setExpected(BatchId id, pideploy.deploy.core.batch.ExpectedDevices devices) {
                    checkWritable();
                    if (!s.batches.containsKey(id.value())) {
                        throw new StorageException("no batch " + id + " to list devices for");
                    }
                    s.expected.put(id.value(), devices);
                }

                @Override
                public pideploy.deploy.core.batch.ExpectedDevices expected(BatchId id) {
                    return s.expected.getOrDefault(id.value(), pideploy.deploy.core.batch.ExpectedDevices.ANY);
                }

                @Override
                public pideploy.deploy.core.deployment.BatchBreaker breaker(BatchId id) {
                    return s.breakers.getOrDefault(id.value(), pideploy.deploy.core.deployment.BatchBreaker.OFF);
                }

                @Override
                public void setBreaker(BatchId id, pideploy.deploy.core.deployment.BatchBreaker breaker) {
                    checkWritable();
                    if (!s.batches.containsKey(id.value())) {
                        throw new StorageException("no batch " + id + " to set a breaker on");
                    }
                    s.breakers.put(id.value(), breaker);
                }
            };
        }

        @Override
        public ImageRepository images() {
            return new ImageRepository() {
                @Override
                public void add(MasterImage image) {
                    checkWritable();
                    if (s.images.containsKey(imageKey(image.product(), image.version()))) {
                        throw new DuplicateKeyException(
                                "image %s %s exists".formatted(image.product(), image.version()));
                    }
                    if (findByFileName(image.fileName()).isPresent()) {
                        throw new DuplicateKeyException("image file " + image.fileName() + " exists");
                    }
                    if (!s.products.containsKey(image.product())) {
                        throw new StorageException("product " + image.product() + " does not exist");
                    }
                    checkOneActive(image);
                    s.images.put(imageKey(image.product(), image.version()), image);
                }

                @Override
                public void update(MasterImage image) {
                    checkWritable();
                    String key = imageKey(image.product(), image.version());
                    MasterImage old = s.images.get(key);
                    if (old == null) {
                        throw new StorageException(
                                "no image %s %s to update".formatted(image.product(), image.version()));
                    }
                    checkOneActive(image);
                    s.images.put(key, old.withState(image.state()).withActivatedAt(image.activatedAt()));
                }

                private void checkOneActive(MasterImage image) {
                    if (image.isActive()) {
                        findActive(image.product())
                                .filter(a -> !a.version().equals(image.version()))
                                .ifPresent(a -> {
                                    throw new DuplicateKeyException("product %s has active image %s already"
                                            .formatted(image.product(), a.version()));
                                });
                    }
                }

                @Override
                public boolean delete(ProductCode product, ImageVersion version) {
                    checkWritable();
                    return s.images.remove(imageKey(product, version)) != null;
                }

                @Override
                public Optional<MasterImage> find(ProductCode product, ImageVersion version) {
                    return Optional.ofNullable(s.images.get(imageKey(product, version)));
                }

                @Override
                public Optional<MasterImage> findActive(ProductCode product) {
                    return s.images.values().stream()
                            .filter(i -> i.product().equals(product) && i.isActive())
                            .findFirst();
                }

                @Override
                public Optional<MasterImage> findByFileName(String fileName) {
                    return s.images.values().stream()
                            .filter(i -> i.fileName().equals(fileName))
                            .findFirst();
                }

                @Override
                public List<MasterImage> list(Optional<ProductCode> product) {
                    return s.images.values().stream()
                            .filter(i -> product.map(i.product()::equals).orElse(true))
                            .sorted(Comparator.comparing(MasterImage::product)
                                    .thenComparing(MasterImage::registeredAt, Comparator.reverseOrder())
                                    .thenComparing(i -> i.version().value(), Comparator.reverseOrder()))
                            .toList();
                }
            };
        }

        @Override
        public ReportRepository reports() {
            return filter -> s.deployments.values().stream()
                    .map(DeploymentFact::of)
                    .filter(filter::matches)
                    .sorted(Comparator.comparing(DeploymentFact::startedAt).thenComparingLong(DeploymentFact::id))
                    .toList();
        }

        @Override
        public DeploymentRepository deployments() {
            return new DeploymentRepository() {
                @Override
                public List<Deployment> unfinishedHoldersIdleBefore(Instant idleBefore) {
                    java.util.Map<Hostname, Deployment> latest = new java.util.HashMap<>();
                    s.deployments
                            .values()
                            .forEach(d ->
                                    latest.merge(d.hostname(), d, (a, b) -> a.id().value() > b.id().value() ? a : b));
                    return latest.values().stream()
                            .filter(d -> s.pool.values().stream()
                                    .anyMatch(p -> p.hostname().equals(d.hostname())
                                            && p.state() == pideploy.deploy.core.pool.PoolEntryState.ASSIGNED))
                            .filter(d ->
                                    d.status() != DeploymentStatus.SUCCESS && d.status() != DeploymentStatus.BOOTED)
                            .filter(d -> d.updatedAt().isBefore(idleBefore))
                            .sorted(Comparator.comparing(Deployment::updatedAt).thenComparingLong(d -> d.id().value()))
                            .toList();
                }

                @Override
                public List<Deployment> finishedInBatch(BatchId batch, Instant since, int limit) {
                    return s.deployments.values().stream()
                            .filter(d -> d.batch().equals(Optional.of(batch)))
                            .filter(d -> d.status().isFinished())
                            .filter(d -> d.finishedAt().isPresent()
                                    && !d.finishedAt().get().isBefore(since))
                            .sorted(Comparator.comparing(
                                            (Deployment d) -> d.finishedAt().get())
                                    .thenComparingLong(d -> d.id().value())
                                    .reversed())
                            .limit(limit)
                            .toList();
                }

                @Override
                public List<Deployment> inFlightIdleBefore(Instant idleBefore) {
                    return s.deployments.values().stream()
                            .filter(d -> !d.status().isFinished())
                            .filter(d -> d.updatedAt().isBefore(idleBefore))
                            .sorted(Comparator.comparing(Deployment::updatedAt).thenComparingLong(d -> d.id().value()))
                            .toList();
                }

                @Override
                public int thinProgressEvents(Instant endedBefore) {
                    checkWritable();
                    java.util.Set<Long> ended = new java.util.HashSet<>();
                    s.deployments.values().stream()
                            .filter(d ->
                                    (d.status() == DeploymentStatus.SUCCESS || d.status() == DeploymentStatus.BOOTED)
                                            && d.finishedAt()
                                                    .filter(t -> t.isBefore(endedBefore))
                                                    .isPresent())
                            .forEach(d -> ended.add(d.id().value()));
                    java.util.Map<String, Long> last = new java.util.HashMap<>();
                    for (DeploymentEvent e : s.events) {
                        if (e.type() == EventType.PROGRESS) {
                            last.merge(e.deploymentId().value() + "/" + e.status(), e.sequence(), Math::max);
                        }
                    }
                    int before = s.events.size();
                    s.events.removeIf(e -> e.type() == EventType.PROGRESS
                            && ended.contains(e.deploymentId().value())
                            && e.sequence() != last.get(e.deploymentId().value() + "/" + e.status()));
                    return before - s.events.size();
                }

                @Override
                public Deployment add(NewDeployment deployment) {
                    checkWritable();
                    Deployment d = Deployment.started(new DeploymentId(s.nextDeployment++), deployment);
                    s.deployments.put(d.id().value(), d);
                    return d;
                }

                @Override
                public void update(Deployment deployment) {
                    checkWritable();
                    if (!s.deployments.containsKey(deployment.id().value())) {
                        throw new StorageException("no deployment " + deployment.id() + " to update");
                    }
                    s.deployments.put(deployment.id().value(), deployment);
                }

                @Override
                public Optional<Deployment> find(DeploymentId id) {
                    return Optional.ofNullable(s.deployments.get(id.value()));
                }

                private Optional<Deployment> latest(java.util.function.Predicate<Deployment> p) {
                    return s.deployments.values().stream().filter(p).max(Comparator.comparingLong(d -> d.id().value()));
                }

                @Override
                public Optional<Deployment> latestBySerial(SerialNumber serial) {
                    return latest(d -> d.serial().equals(Optional.of(serial)));
                }

                @Override
                public Optional<Deployment> latestByHostname(Hostname hostname) {
                    return latest(d -> d.hostname().equals(hostname));
                }

                @Override
                public Optional<Deployment> latestByMac(MacAddress mac) {
                    return latest(d -> d.mac().equals(Optional.of(mac)));
                }

                @Override
                public DeploymentPage find(DeploymentFilter filter) {
                    List<Deployment> all = s.deployments.values().stream()
                            .filter(filter::matches)
                            .sorted(Comparator.comparing(Deployment::startedAt)
                                    .thenComparingLong(d -> d.id().value())
                                    .reversed())
                            .toList();
                    return new DeploymentPage(
                            all.stream()
                                    .skip(filter.offset())
                                    .limit(filter.limit())
                                    .toList(),
                            all.size());
                }

                @Override
                public List<Deployment> successNotBootedBefore(Instant cutoff) {
                    return s.deployments.values().stream()
                            .filter(d -> d.status() == DeploymentStatus.SUCCESS
                                    && d.finishedAt().isPresent()
                                    && d.finishedAt().get().isBefore(cutoff))
                            .sorted(Comparator.comparing(
                                            (Deployment d) -> d.finishedAt().get())
                                    .thenComparingLong(d -> d.id().value()))
                            .toList();
                }

                @Override
                public DeploymentEvent addEvent(Deployment deployment, EventType type, String message, Instant at) {
                    checkWritable();
                    Objects.requireNonNull(type, "type");
                    if (!s.deployments.containsKey(deployment.id().value())) {
                        throw new StorageException("no deployment " + deployment.id() + " for an event");
                    }
                    DeploymentEvent e = new DeploymentEvent(
                            s.nextEvent++,
                            deployment.id(),
                            at,
                            type,
                            deployment.status(),
                            deployment.bytesDone(),
                            deployment.bytesTotal(),
                            message);
                    s.events.add(e);
                    return e;
                }

                @Override
                public List<DeploymentEvent> history(DeploymentId id) {
                    return s.events.stream()
                            .filter(e -> e.deploymentId().equals(id))
                            .toList();
                }

                @Override
                public List<DeploymentEvent> eventsAfter(long afterSequence, int limit) {
                    return s.events.stream()
                            .filter(e -> e.sequence() > afterSequence)
                            .limit(limit)
                            .toList();
                }

                @Override
                public long lastEventSequence() {
                    return s.events.stream()
                            .mapToLong(DeploymentEvent::sequence)
                            .max()
                            .orElse(0);
                }

                @Override
                public List<StatusCount> statusCounts() {
                    Map<List<Object>, Long> n = s.deployments.values().stream()
                            .collect(Collectors.groupingBy(
                                    d -> List.of(d.venue(), d.product(), d.status()), Collectors.counting()));
                    return n.entrySet().stream()
                            .map(e -> new StatusCount(
                                    (VenueCode) e.getKey().get(0),
                                    (ProductCode) e.getKey().get(1),
                                    (DeploymentStatus) e.getKey().get(2),
                                    e.getValue()))
                            .sorted(Comparator.comparing(StatusCount::venue)
                                    .thenComparing(StatusCount::product)
                                    .thenComparing(StatusCount::status))
                            .toList();
                }
            };
        }
    }
}
