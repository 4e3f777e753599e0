package io.tcpscope.docker;

/**
 * The parts of a {@link DockerEngine} that do its work behind its few methods: the runtime, what reads a
 * container's state, what turns failures into tcpscope's exceptions, the helper images, the
 * namespace detection, the removal of helpers, and the engine-side reader, which is started on first use.
 *
 * <p>Thread-safe.
 */
final class EngineParts {

    private final DockerEngine engine;
    private final DockerRuntime runtime;
    private final EngineErrors errors;
    private final ContainerStates states;
    private final HelperImages helperImages;
    private final NetworkNamespaces namespaces;
    private final HelperRemoval removal;
    private EngineProcfsReader reader;

    EngineParts(DockerEngine engine, HelperBase base) {
        this.engine = engine;
        this.runtime = new DockerRuntime(engine);
        this.errors = new EngineErrors(engine);
        this.states = new ContainerStates(engine);
        this.helperImages = new HelperImages(engine, base);
        this.namespaces = new NetworkNamespaces(engine);
        this.removal = new HelperRemoval(engine);
    }

    DockerRuntime runtime() {
        return runtime;
    }

    EngineErrors errors() {
        return errors;
    }

    ContainerStates states() {
        return states;
    }

    HelperImages helperImages() {
        return helperImages;
    }

    NetworkNamespaces namespaces() {
        return namespaces;
    }

    HelperRemoval removal() {
        return removal;
    }

    /** The reader helper's handle; making it calls no engine, so the lock is held only for the field. */
    synchronized EngineProcfsReader reader() {
        if (reader == null) {
            reader = new EngineProcfsReader(engine, DockerCommandExecutor.DEFAULT_OUTPUT_LIMIT);
        }
        return reader;
    }

    /** Closes the reader helper, if one was made, outside the lock: closing it calls the engine. */
    void closeReader() {
        EngineProcfsReader made;
        synchronized (this) {
            made = reader;
        }
        if (made != null) {
            made.close();
        }
    }
}
