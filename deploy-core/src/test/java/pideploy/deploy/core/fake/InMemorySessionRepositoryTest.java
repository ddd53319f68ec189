package pideploy.deploy.core.fake;

import pideploy.deploy.core.port.SessionRepository;
import pideploy.deploy.core.port.SessionRepositoryContract;

class InMemorySessionRepositoryTest extends SessionRepositoryContract {
    @Override
    protected SessionRepository newRepository() {
        return new InMemorySessionRepository();
    }
}
