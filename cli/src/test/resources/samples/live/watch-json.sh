./tcpscope watch --network p2p --json --count 3
