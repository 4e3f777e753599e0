./tcpscope connections node-a node-b --state ESTABLISHED
