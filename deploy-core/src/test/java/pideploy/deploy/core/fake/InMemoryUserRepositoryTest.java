package pideploy.deploy.core.fake;

import pideploy.deploy.core.port.UserRepository;
import pideploy.deploy.core.port.UserRepositoryContract;

class InMemoryUserRepositoryTest extends UserRepositoryContract {
    @Override
    protected UserRepository newRepository() {
        return new InMemoryUserRepository();
    }
}
