package io.tcpscope.docker;

import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.TestSource;
import org.junit.platform.engine.support.descriptor.ClassSource;
import org.junit.platform.engine.support.descriptor.MethodSource;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.TestPlan;

import java.io.PrintStream;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;

/**
 * Says once, at the end of a test run and on stderr, how many tests were skipped because no
 * Docker engine answered ({@link TestEngine} aborted them with a {@link NoEngineException}), and
 * how to start one; a run that skipped none says nothing.
 *
 * <p>JUnit finds it through {@code META-INF/services/org.junit.platform.launcher.TestExecutionListener}
 * in this module's test classes, which its test-jar carries to every module whose tests use
 * {@link TestEngine}: one banner per run of each module's tests.
 *
 * <p>A test counts once: a test method, or each invocation of a parameterized one. A class aborted
 * before its tests (by {@link RequiresDocker}, or a {@code @BeforeAll}) counts the tests it holds,
 * a parameterized test among them once, since its invocations were never made.
 *
 * <p>Thread-safe: tests may finish in parallel.
 */
public final class NoEngineBanner implements TestExecutionListener {

    private final Supplier<PrintStream> out;
    private TestPlan plan;
    private final Set<String> started = new HashSet<>();
    private final Set<String> classes = new TreeSet<>();
    private int skipped;
    private String reason;

    /** The listener JUnit loads: it prints to the stderr of the moment it prints. */
    public NoEngineBanner() {
        this(() -> System.err);
    }

    NoEngineBanner(Supplier<PrintStream> out) {
        this.out = out;
    }

    @Override
    public synchronized void testPlanExecutionStarted(TestPlan testPlan) {
        plan = testPlan;
        started.clear();
        classes.clear();
        skipped = 0;
        reason = null;
    }

    @Override
    public synchronized void executionStarted(TestIdentifier identifier) {
        started.add(identifier.getUniqueId());
    }

    @Override
    public synchronized void executionFinished(TestIdentifier identifier, TestExecutionResult result) {
        if (result.getStatus() != TestExecutionResult.Status.ABORTED
                || !(result.getThrowable().orElse(null) instanceof NoEngineException noEngine)) {
            return;
        }
        if (reason == null) {
            reason = noEngine.engineError();
        }
        if (identifier.isTest()) {
            count(identifier);
            return;
        }
        for (TestIdentifier inside : plan.getDescendants(identifier)) {
            if (!started.contains(inside.getUniqueId()) && isTestOrTemplate(inside)) {
                count(inside);
            }
        }
    }

    @Override
    public synchronized void testPlanExecutionFinished(TestPlan testPlan) {
        if (skipped == 0) {
            return;
        }
        String rule = "=".repeat(100);
        PrintStream err = out.get();
        err.println();
        err.println(rule);
        err.println("SKIPPED: " + skipped + (skipped == 1 ? " test needs" : " tests need") + " a Docker engine, and none answered.");
        err.println("  " + reason);
        err.println("  In: " + String.join(", ", classes));
        err.println("  Start one with 'bash .ci/docker-engine' (as root: it installs docker.io, busybox-static and");
        err.println("  docker-compose when missing, and starts dockerd), then run the tests again. With CI=true a");
        err.println("  missing engine fails the run instead.");
        err.println(rule);
        err.flush();
    }

    /** A test, or a parameterized or factory method whose invocations were never made. */
    private boolean isTestOrTemplate(TestIdentifier identifier) {
        return identifier.isTest() || identifier.getSource().filter(MethodSource.class::isInstance).isPresent()
                && plan.getChildren(identifier).isEmpty();
    }

    private void count(TestIdentifier test) {
        skipped++;
        for (Optional<TestIdentifier> at = Optional.of(test); at.isPresent(); at = plan.getParent(at.get())) {
            Optional<TestSource> source = at.get().getSource();
            if (source.isPresent() && source.get() instanceof ClassSource c) {
                classes.add(simpleName(c.getClassName()));
                return;
            }
            if (source.isPresent() && source.get() instanceof MethodSource m) {
                classes.add(simpleName(m.getClassName()));
                return;
            }
        }
    }

    private static String simpleName(String className) {
        return className.substring(className.lastIndexOf('.') + 1).replace('$', '.');
    }
}
