./tcpscope mesh node-a node-b node-c --format svg --output mesh.svg
