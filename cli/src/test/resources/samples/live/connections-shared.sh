./tcpscope connections node-a --shared-namespaces --state LISTEN
