package pideploy.deploy.core.transfer;

/** Outcome of {@link PrepareTransferForm}. */
public sealed interface TransferPreparation {
    /** The derived files are written and the form is recorded ready. */
    record Ready(TransferForm form) implements TransferPreparation {}

    /** The preparation failed; the form is recorded failed with the reason, and only the raw image is offered. */
    record Failed(TransferForm form) implements TransferPreparation {
        public String message() {
            return form.reason();
        }
    }

    /** The thread was interrupted (server stopping); the form stays {@code preparing} and is redone on next start. */
    record Interrupted(String imageFileName) implements TransferPreparation {}

    /**
     * The image was deleted while its form was prepared (ADR-0092): the preparation stopped, removed what it had
     * written and recorded nothing.
     */
    record Cancelled(String imageFileName) implements TransferPreparation {}
}
