package pideploy.installer.cli;

import pideploy.installer.core.workflow.InstallOutcome;

/** The installer's exit codes (ADR-0018, ADR-0048 for 7); InstallCommand's usage help lists them. */
public final class InstallerExitCodes {
    public static final int DONE = 0;
    public static final int INTERNAL_ERROR = 1;
    public static final int USAGE = 2;
    public static final int REFUSED_TARGET = 3;
    public static final int SERVER = 4;
    public static final int TRANSFER = 5;
    public static final int CUSTOMIZATION = 6;
    /** The run took longer than {@code --timeout} (ADR-0048). */
    public static final int TIMED_OUT = 7;

    private InstallerExitCodes() {}

    public static int of(InstallOutcome outcome) {
        return switch (outcome) {
            case InstallOutcome.Installed installed -> DONE;
            case InstallOutcome.Refused refused -> REFUSED_TARGET;
            case InstallOutcome.ServerFailed failed -> SERVER;
            case InstallOutcome.TransferFailed failed -> TRANSFER;
            case InstallOutcome.CustomizationFailed failed -> CUSTOMIZATION;
            case InstallOutcome.TimedOut timedOut -> TIMED_OUT;
        };
    }
}
