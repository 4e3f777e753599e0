./tcpscope count node-a --ports 9000-9001
