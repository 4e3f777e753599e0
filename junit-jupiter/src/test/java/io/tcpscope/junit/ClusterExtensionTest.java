package io.tcpscope.junit;

import io.tcpscope.testkit.Cluster;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Events;

import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.testkit.engine.EventConditions.finishedWithFailure;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.instanceOf;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.message;

/** The extension's checks that need no engine, under JUnit's own engine through the platform's engine test kit. */
class ClusterExtensionTest {

    private static final String CLOSES_AUTOCLOSEABLES = "junit.jupiter.extensions.store.close.autocloseable.enabled";
    private static final AtomicInteger STARTS = new AtomicInteger();

    @Test
    void refuses_to_start_a_cluster_that_junit_was_told_not_to_close() {
        // given
        STARTS.set(0);

        // when
        Events containers = EngineTestKit.engine("junit-jupiter").selectors(selectClass(NeverStarts.class))
                .configurationParameter(SampleOnly.KEY, "true")
                .configurationParameter(CLOSES_AUTOCLOSEABLES, "false")
                .execute().containerEvents();

        // then: the class fails before the supplier is asked for a cluster, and says which setting to remove
        containers.assertThatEvents().haveExactly(1, finishedWithFailure(instanceOf(ExtensionConfigurationException.class),
                message(m -> m.contains(CLOSES_AUTOCLOSEABLES + " is false") && m.contains("remove that setting"))));
        assertThat(STARTS).hasValue(0);
    }

    @Test
    void refuses_to_start_a_cluster_whose_failures_would_be_written_in_a_format_there_is_not() {
        // given
        STARTS.set(0);

        // when
        Events containers = EngineTestKit.engine("junit-jupiter").selectors(selectClass(NeverStarts.class))
                .configurationParameter(SampleOnly.KEY, "true")
                .configurationParameter(ClusterExtension.REPORT_FORMATS_PROPERTY, "html,pdf")
                .execute().containerEvents();

        // then: the class fails before the supplier is asked for a cluster, and names the format and those there are
        containers.assertThatEvents().haveExactly(1, finishedWithFailure(instanceOf(ExtensionConfigurationException.class),
                message(m -> m.contains("tcpscope.reports.formats=html,pdf names the report format 'pdf'")
                        && m.contains("html, txt, svg"))));
        assertThat(STARTS).hasValue(0);
    }

    /** Runs the sample only when the engine test kit above asks for it. */
    static final class SampleOnly implements ExecutionCondition {
        static final String KEY = "tcpscope.sample";

        @Override
        public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
            return context.getConfigurationParameter(KEY).isPresent()
                    ? ConditionEvaluationResult.enabled("run by ClusterExtensionTest")
                    : ConditionEvaluationResult.disabled("a sample for ClusterExtensionTest");
        }
    }

    @ExtendWith(SampleOnly.class)
    static class NeverStarts {
        @RegisterExtension
        static final ClusterExtension MESH = new ClusterExtension(() -> {
            STARTS.incrementAndGet();
            throw new AssertionError("the extension asked for a cluster it would not close");
        });

        @Test
        void never_runs(Cluster cluster) {
            throw new AssertionError("ran with " + cluster);
        }
    }
}
