./tcpscope parse core/src/test/resources/listings/plan/ss-tn-state-established --listing-state ESTABLISHED --ports 9000-9002
