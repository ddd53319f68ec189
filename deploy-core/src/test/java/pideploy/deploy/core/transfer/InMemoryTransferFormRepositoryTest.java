package pideploy.deploy.core.transfer;

import pideploy.deploy.core.transfer.port.TransferFormRepository;

class InMemoryTransferFormRepositoryTest extends TransferFormRepositoryContract {
    @Override
    protected TransferFormRepository newRepository() {
        return new InMemoryTransferFormRepository();
    }

    @Override
    protected void registerImage(String fileName) {}
}
