/** The TCK's workloads and the tables they make, known by construction; not for direct use. */
package io.tcpscope.tck.internal;
