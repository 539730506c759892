// The XML configuration of a test server: loopback only, fixed ports, a root user, no plugins, and
// optionally the binary protocol's SSL listener (OServerTLSSocketFactory with a PKCS12 keystore).
export interface ServerConfigOptions {
  host: string;
  port: number;
  httpPort: number;
  rootPassword: string;
  /** A binary listener over TLS on this port, with this keystore. */
  ssl?: { port: number; keyStore: string; password: string };
  /** network.http.additionalResponseHeaders: "Name: value" pairs the server joins with ';' (so no ';' inside). */
  httpResponseHeaders?: Record<string, string>;
}

const escapeXml = (value: string) =>
  value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

export function serverConfigXml(o: ServerConfigOptions): string {
  const ssl = o.ssl;
  const sockets = ssl
    ? `
    <sockets>
      <socket implementation="com.orientechnologies.orient.server.network.OServerTLSSocketFactory" name="ssl">
        <parameters>
          <parameter name="network.ssl.clientAuth" value="false"/>
          <parameter name="network.ssl.keyStore" value="${escapeXml(ssl.keyStore)}"/>
          <parameter name="network.ssl.keyStoreType" value="PKCS12"/>
          <parameter name="network.ssl.keyStorePassword" value="${escapeXml(ssl.password)}"/>
        </parameters>
      </socket>
    </sockets>`
    : '';
  const sslListener = ssl
    ? `
      <listener protocol="binary" ip-address="${o.host}" port-range="${ssl.port}-${ssl.port}" socket="ssl"/>`
    : '';
  const extra = Object.entries(o.httpResponseHeaders ?? {}).map(([name, value]) => {
    if (/[;\r\n:]/.test(name) || /[;\r\n]/.test(value))
      throw new Error(`HTTP header ${name} cannot hold ';' or a line break`);
    return `${name}: ${value}`;
  });
  const headers = extra.length
    ? `
          <parameter name="network.http.additionalResponseHeaders" value="${escapeXml(extra.join(';'))}"/>`
    : '';
  return `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<orient-server>
  <handlers/>
  <network>${sockets}
    <protocols>
      <protocol name="binary" implementation="com.orientechnologies.orient.server.network.protocol.binary.ONetworkProtocolBinary"/>
      <protocol name="http" implementation="com.orientechnologies.orient.server.network.protocol.http.ONetworkProtocolHttpDb"/>
    </protocols>
    <listeners>
      <listener protocol="binary" ip-address="${o.host}" port-range="${o.port}-${o.port}" socket="default"/>${sslListener}
      <listener protocol="http" ip-address="${o.host}" port-range="${o.httpPort}-${o.httpPort}" socket="default">
        <parameters>
          <parameter name="network.http.charset" value="utf-8"/>
          <parameter name="network.http.jsonResponseError" value="true"/>${headers}
        </parameters>
      </listener>
    </listeners>
  </network>
  <users>
    <user name="root" password="${escapeXml(o.rootPassword)}" resources="*"/>
  </users>
  <properties>
    <entry name="profiler.enabled" value="false"/>
  </properties>
</orient-server>
`;
}
