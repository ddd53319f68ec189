package pideploy.deploy.core.usecase;

/**
 * Which assignment rule gave a device its hostname (the order of {@link AnswerConfig}): told to the device so that
 * one which got another product or venue than it asked for can say why.
 */
public enum AssignedBy {
    /** The device already held the hostname; the request's product and venue were not used. */
    HELD,
    /** The highest-priority active batch chose venue and product, whatever the request named. */
    BATCH,
    /** The venue and product named in the request. */
    REQUEST
}
