./tcpscope modes
