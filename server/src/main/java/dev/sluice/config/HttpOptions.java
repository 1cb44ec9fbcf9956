package dev.sluice.config;

/**
 * @param maxBodyBytes the largest request body accepted (413 beyond it)
 */
public record HttpOptions(String bind, int port, long maxBodyBytes) {
    public static final HttpOptions DEFAULTS = new HttpOptions("127.0.0.1", 8080, 1024 * 1024);

    public HttpOptions {
        if (bind == null || bind.isBlank()) {
            throw new ConfigException("--bind", "must be an address, e.g. 127.0.0.1 or 0.0.0.0");
        }
        if (port < 0 || port > 65535) {
            throw new ConfigException("--port", port + " is not a port number (0-65535)");
        }
        if (maxBodyBytes < 1024 || maxBodyBytes > 64L * 1024 * 1024) {
            throw new ConfigException("--max-body", "must be between 1 KiB and 64 MiB");
        }
    }
}
