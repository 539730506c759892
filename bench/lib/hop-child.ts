// A loopback TCP peer for the hop floor (hop.ts): `echo` answers every chunk with itself; `relay PORT`
// forwards both ways to the echo at PORT, as the bridge does with its two sockets. Prints its port.
import { connect, createServer } from 'node:net';

const [mode, target] = process.argv.slice(2);
const server = createServer({ noDelay: true }, (socket) => {
  if (mode === 'echo') {
    socket.on('data', (chunk) => socket.write(chunk));
    return;
  }
  const upstream = connect({ host: '127.0.0.1', port: Number(target), noDelay: true });
  socket.on('data', (chunk) => upstream.write(chunk));
  upstream.on('data', (chunk) => socket.write(chunk));
  socket.on('close', () => upstream.destroy());
  upstream.on('close', () => socket.destroy());
});
server.listen(0, '127.0.0.1', () => {
  const address = server.address();
  process.send!(typeof address === 'object' && address ? address.port : 0);
});
process.on('disconnect', () => process.exit(0));
