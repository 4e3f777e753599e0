./tcpscope parse --format busybox core/src/test/resources/listings/plan/busybox-netstat-tan --state LISTEN
