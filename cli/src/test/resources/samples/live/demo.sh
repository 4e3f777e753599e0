./tcpscope demo
