package io.agentsconformance.kit.config;

/** A setting of the kit is missing or wrong; the message says which and how to fix it. */
public final class KitConfigException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public KitConfigException(String setting, String why) {
        super("Kit configuration: " + setting + ": " + why
                + ". Set it with -D" + setting + "=... or the environment variable "
                + KitConfig.environmentName(setting) + " (see README.md, 'Pointing the kit at your server').");
    }
}
