package io.tcpscope.docker;

/**
 * A JVM that reads one container through the engine-procfs reader, prints its helper's id, and waits
 * to be killed: {@link EngineProcfsInspectorIT} checks that the helper goes with it.
 */
public final class ReaderChild {

    private ReaderChild() {
    }

    /**
     * Reads {@code args[0]}, prints the helper's id, and sleeps.
     *
     * @param args the container to read
     * @throws InterruptedException never, in practice: it is killed
     */
    public static void main(String[] args) throws InterruptedException {
        DockerEngine engine = DockerEngine.fromEnvironment();
        new EngineProcfsInspector(engine).connections(args[0]);
        System.out.println(EngineProcfsInspectorIT.helpers(engine.client()).get(0).getId());
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE);
    }
}
