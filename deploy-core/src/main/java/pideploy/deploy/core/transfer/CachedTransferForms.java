package pideploy.deploy.core.transfer;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import pideploy.deploy.core.transfer.port.TransferFormRepository;

/**
 * Answers {@link #find} from memory, so a config answer does not read the database a second time for the image's
 * transfer form (ADR-0053). Every change goes through {@link #save} of this same object (only the server's own
 * preparation writes forms, and a form's row goes only with its image, which is never deleted), which replaces the
 * remembered record; a read that raced with a save is not remembered.
 */
final class CachedTransferForms implements TransferFormRepository {
    private final TransferFormRepository stored;
    private final Map<String, Optional<TransferForm>> known = new ConcurrentHashMap<>();
    private final Object changes = new Object();
    private long version;

    CachedTransferForms(TransferFormRepository stored) {
        this.stored = stored;
    }

    @Override
    public Optional<TransferForm> find(String imageFileName) {
        Optional<TransferForm> cached = known.get(imageFileName);
        if (cached != null) {
            return cached;
        }
        long before;
        synchronized (changes) {
            before = version;
        }
        Optional<TransferForm> read = stored.find(imageFileName);
        synchronized (changes) {
            if (version == before) { // no save since the read began: what was read is current
                known.put(imageFileName, read);
            }
        }
        return read;
    }

    @Override
    public List<TransferForm> list() {
        return stored.list();
    }

    @Override
    public void save(TransferForm form) {
        try {
            stored.save(form);
        } finally {
            // Also after a failure: the store may or may not hold the new record now.
            synchronized (changes) {
                version++;
                known.remove(form.imageFileName());
            }
        }
    }
}
