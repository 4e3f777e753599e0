./tcpscope parse core/src/test/resources/listings/plan/proc-net-tcp core/src/test/resources/listings/plan/proc-net-tcp6 --ports 9000-9001
