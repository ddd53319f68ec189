package pideploy.deploy.core.fake;

import java.time.Instant;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import pideploy.deploy.core.port.HookRepository;
import pideploy.deploy.core.profile.HookName;
import pideploy.deploy.core.profile.HookScript;
import pideploy.deploy.core.profile.HookVersion;
import pideploy.deploy.core.profile.ProfileScope;

/** {@link HookRepository} over a list of one {@link InMemoryFleetStore} transaction's state. */
final class InMemoryHookRepository implements HookRepository {
    private static final Comparator<HookVersion> BY_OWNER_AND_NAME = Comparator.comparing(
                    (HookVersion h) -> h.owner().kind())
            .thenComparing(h -> h.owner().key())
            .thenComparing(h -> h.name().value());
    private final List<HookVersion> all;
    private final Runnable checkWritable;

    InMemoryHookRepository(List<HookVersion> all, Runnable checkWritable) {
        this.all = all;
        this.checkWritable = checkWritable;
    }

    @Override
    public HookVersion add(ProfileScope owner, HookName name, HookScript script, String author, Instant now) {
        checkWritable.run();
        HookVersion v = new HookVersion(owner, name, versions(owner, name).size() + 1, script, author, now);
        all.add(v);
        return v;
    }

    @Override
    public List<HookVersion> versions(ProfileScope owner, HookName name) {
        return all.stream()
                .filter(h -> h.owner().equals(owner) && h.name().equals(name))
                .sorted(Comparator.comparingInt(HookVersion::version))
                .toList();
    }

    @Override
    public Optional<HookVersion> find(ProfileScope owner, HookName name, int version) {
        return versions(owner, name).stream()
                .filter(h -> h.version() == version)
                .findFirst();
    }

    @Override
    public List<HookVersion> latest(List<ProfileScope> owners) {
        return owners.stream()
                .flatMap(o ->
                        latestOf(all.stream().filter(h -> h.owner().equals(o)).toList()).stream())
                .toList();
    }

    @Override
    public List<HookVersion> list() {
        return latestOf(all);
    }

    private static List<HookVersion> latestOf(List<HookVersion> versions) {
        Map<String, HookVersion> latest = new LinkedHashMap<>();
        for (HookVersion h : versions) {
            latest.merge(h.owner().describe() + "/" + h.name(), h, (a, b) -> a.version() >= b.version() ? a : b);
        }
        return latest.values().stream().sorted(BY_OWNER_AND_NAME).toList();
    }

    @Override
    public boolean remove(ProfileScope owner, HookName name) {
        checkWritable.run();
        return all.removeIf(h -> h.owner().equals(owner) && h.name().equals(name));
    }
}
