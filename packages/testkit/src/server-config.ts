// The XML configuration of a test server: loopback only, fixed ports, a root user, no plugins.
export interface ServerConfigOptions {
  host: string;
  port: number;
  httpPort: number;
  rootPassword: string;
}

const escapeXml = (value: string) =>
  value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

export function serverConfigXml(o: ServerConfigOptions): string {
  return `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<orient-server>
  <handlers/>
  <network>
    <protocols>
      <protocol name="binary" implementation="com.orientechnologies.orient.server.network.protocol.binary.ONetworkProtocolBinary"/>
      <protocol name="http" implementation="com.orientechnologies.orient.server.network.protocol.http.ONetworkProtocolHttpDb"/>
    </protocols>
    <listeners>
      <listener protocol="binary" ip-address="${o.host}" port-range="${o.port}-${o.port}" socket="default"/>
      <listener protocol="http" ip-address="${o.host}" port-range="${o.httpPort}-${o.httpPort}" socket="default">
        <parameters>
          <parameter name="network.http.charset" value="utf-8"/>
          <parameter name="network.http.jsonResponseError" value="true"/>
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
