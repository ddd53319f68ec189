package pideploy.deploy.core.transfer;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentSkipListMap;
import pideploy.deploy.core.transfer.port.TransferFormRepository;

/** In-memory {@link TransferFormRepository} for core tests; does not know the image catalog. */
public final class InMemoryTransferFormRepository implements TransferFormRepository {
    private final ConcurrentSkipListMap<String, TransferForm> forms = new ConcurrentSkipListMap<>();

    @Override
    public Optional<TransferForm> find(String imageFileName) {
        return Optional.ofNullable(forms.get(imageFileName));
    }

    @Override
    public List<TransferForm> list() {
        return List.copyOf(forms.values());
    }

    @Override
    public void save(TransferForm form) {
        forms.put(form.imageFileName(), form);
    }
}
