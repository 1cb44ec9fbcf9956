package dev.sluice.lifecycle;

import dev.sluice.SluiceException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts services in order and stops them in reverse. If one fails to start, those already started
 * are stopped before the failure is rethrown, so a failed boot leaves nothing running.
 *
 * <p>This is the one place where background work begins and ends: the application builds one group
 * per process and nothing else starts threads on its own.
 */
public final class ServiceGroup implements Service {
    private static final Logger log = LoggerFactory.getLogger(ServiceGroup.class);

    private final String name;
    private final List<Service> services;
    private final Deque<Service> started = new ArrayDeque<>();

    public ServiceGroup(String name, List<? extends Service> services) {
        this.name = name;
        this.services = List.copyOf(services);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public synchronized void start() {
        for (Service service : services) {
            long begin = System.nanoTime();
            try {
                service.start();
            } catch (RuntimeException e) {
                stop();
                if (e instanceof SluiceException se) {
                    throw se;
                }
                throw new SluiceException(service.name() + " failed to start: " + e.getMessage(), null, e);
            }
            started.push(service);
            log.debug("started {} in {} ms", service.name(), (System.nanoTime() - begin) / 1_000_000);
        }
    }

    @Override
    public synchronized void stop() {
        while (!started.isEmpty()) {
            Service service = started.pop();
            long begin = System.nanoTime();
            try {
                service.stop();
                log.debug("stopped {} in {} ms", service.name(), (System.nanoTime() - begin) / 1_000_000);
            } catch (RuntimeException e) {
                log.warn("stopping {} failed; continuing with the rest: {}", service.name(), e.toString());
            }
        }
    }

    /** The services this group owns, in start order. */
    public List<Service> services() {
        return services;
    }
}
