package io.tcpscope.docker;

import io.tcpscope.core.PortSet;

/**
 * A JVM that subscribes to the kernel's events on its engine, prints its helper's id and its
 * instance's name, and waits to be killed: {@link EngineEventSourceIT} checks that both go with it.
 */
public final class EngineEventChild {

    private EngineEventChild() {
    }

    /**
     * Subscribes, prints the helper's id and the instance's name on one line, and sleeps.
     *
     * @param args none
     * @throws InterruptedException never, in practice: it is killed
     */
    public static void main(String[] args) throws InterruptedException {
        DockerEngine engine = DockerEngine.fromEnvironment();
        EngineEventSubscription subscription = (EngineEventSubscription) EngineEventSource.on(engine)
                .subscribe(PortSet.of(9001), batch -> { });
        System.out.println(subscription.container() + " " + subscription.instance());
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE);
    }
}
