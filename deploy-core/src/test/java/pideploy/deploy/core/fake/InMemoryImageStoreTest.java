package pideploy.deploy.core.fake;

import pideploy.deploy.core.port.ImageStore;
import pideploy.deploy.core.port.ImageStoreContract;

class InMemoryImageStoreTest extends ImageStoreContract {
    @Override
    protected ImageStore newStore() {
        return new InMemoryImageStore();
    }
}
