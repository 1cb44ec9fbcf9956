package dev.sluice.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.SluiceException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ServiceGroupTest {
    private final List<String> log = new ArrayList<>();

    private Service service(String name, boolean failOnStart) {
        return new Service() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public void start() {
                if (failOnStart) {
                    throw new IllegalStateException("boom");
                }
                log.add("start " + name);
            }

            @Override
            public void stop() {
                log.add("stop " + name);
            }
        };
    }

    @Test
    void startsInOrderAndStopsInReverse() {
        ServiceGroup group = new ServiceGroup("g", List.of(service("a", false), service("b", false), service("c", false)));
        group.start();
        group.stop();
        assertThat(log).containsExactly("start a", "start b", "start c", "stop c", "stop b", "stop a");
    }

    @Test
    void aFailedStartStopsWhatAlreadyStartedAndNamesTheService() {
        ServiceGroup group = new ServiceGroup("g", List.of(service("a", false), service("b", false), service("bad", true),
                service("never", false)));
        assertThatThrownBy(group::start).isInstanceOf(SluiceException.class).hasMessageContaining("bad failed to start");
        assertThat(log).containsExactly("start a", "start b", "stop b", "stop a");
    }

    @Test
    void stopIsHarmlessTwiceAndBeforeStart() {
        ServiceGroup group = new ServiceGroup("g", List.of(service("a", false)));
        group.stop();
        group.start();
        group.stop();
        group.stop();
        assertThat(log).containsExactly("start a", "stop a");
    }

    @Test
    void aFailingStopDoesNotPreventTheOthers() {
        Service failing = new Service() {
            @Override
            public String name() {
                return "failing";
            }

            @Override
            public void start() {}

            @Override
            public void stop() {
                throw new IllegalStateException("cannot stop");
            }
        };
        ServiceGroup group = new ServiceGroup("g", List.of(service("a", false), failing));
        group.start();
        group.stop();
        assertThat(log).containsExactly("start a", "stop a");
    }
}
