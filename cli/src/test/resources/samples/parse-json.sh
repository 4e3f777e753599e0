./tcpscope parse core/src/test/resources/listings/plan/ss-tanH --state ESTABLISHED --ports 9000 --json
