./tcpscope mesh --network p2p
