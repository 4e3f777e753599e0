./tcpscope count node-b --state LISTEN --ports 9000 --json
