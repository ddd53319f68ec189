package pideploy.installer.core.workflow;

import pideploy.installer.core.port.Step;

/** Carries a failed step and its reason out of the workflow's helpers to the one place that reports it. */
final class StepFailure extends RuntimeException {
    private final Step step;

    StepFailure(Step step, String reason) {
        super(reason, null, false, false);
        this.step = step;
    }

    Step step() {
        return step;
    }
}
