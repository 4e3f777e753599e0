./tcpscope connections --state LISTEN
