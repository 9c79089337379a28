package io.troupe.cli;

import io.troupe.devstack.FreePorts;

/** The ports of a local stack. */
public record StackPorts(int kafka, int coordinator, int workspace, int agent, int metrics) {
    public static final StackPorts DEFAULTS = new StackPorts(9092, 8081, 8082, 8083, 8084);

    /** Any free ports: what a sweep uses, so that it never collides with a running stack. */
    public static StackPorts anyFree() {
        return new StackPorts(FreePorts.any(), FreePorts.any(), FreePorts.any(), FreePorts.any(), FreePorts.any());
    }

    /** Each of these ports if it is free, else any free port. */
    public StackPorts orFree() {
        return new StackPorts(FreePorts.preferred(kafka), FreePorts.preferred(coordinator),
                FreePorts.preferred(workspace), FreePorts.preferred(agent), FreePorts.preferred(metrics));
    }
}
