package io.camelbundle.cluster;

import org.apache.camel.CamelContext;
import org.apache.camel.support.LifecycleStrategySupport;

/**
 * Runs a task when the Camel context begins to stop, before its routes stop: the cluster services interrupt
 * their views' event threads there, so camel-master's take-over wait does not hold the routes' stop.
 */
final class BeforeRoutesStop {

    private BeforeRoutesStop() {
    }

    static void register(CamelContext context, Runnable task) {
        context.addLifecycleStrategy(new LifecycleStrategySupport() {
            @Override
            public void onContextStopping(CamelContext stopping) {
                task.run();
            }
        });
    }
}
