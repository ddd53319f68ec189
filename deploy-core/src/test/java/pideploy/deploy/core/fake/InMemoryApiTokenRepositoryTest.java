package pideploy.deploy.core.fake;

import pideploy.deploy.core.port.ApiTokenRepository;
import pideploy.deploy.core.port.ApiTokenRepositoryContract;

class InMemoryApiTokenRepositoryTest extends ApiTokenRepositoryContract {
    @Override
    protected ApiTokenRepository newRepository() {
        return new InMemoryApiTokenRepository();
    }
}
