package dev.fastfn.cli;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.Hashtable;
import java.util.List;
import java.util.Optional;
import javax.naming.NamingException;
import javax.naming.directory.Attribute;
import javax.naming.directory.InitialDirContext;

/** DNS lookups for {@code doctor domains}; tests substitute a table (DNS is outside the machine). */
interface DnsResolver {
  /** A/AAAA addresses, empty when the name does not resolve. */
  List<String> addresses(String host);

  /** The CNAME target without a trailing dot, if any. */
  Optional<String> cname(String host);

  DnsResolver SYSTEM = new DnsResolver() {
    @Override
    public List<String> addresses(String host) {
      try {
        return Arrays.stream(InetAddress.getAllByName(host)).map(InetAddress::getHostAddress).distinct().toList();
      } catch (UnknownHostException e) {
        return List.of();
      }
    }

    @Override
    public Optional<String> cname(String host) {
      Hashtable<String, String> env = new Hashtable<>();
      env.put("java.naming.factory.initial", "com.sun.jndi.dns.DnsContextFactory");
      env.put("com.sun.jndi.dns.timeout.initial", "2000");
      env.put("com.sun.jndi.dns.timeout.retries", "1");
      try {
        InitialDirContext ctx = new InitialDirContext(env);
        try {
          Attribute a = ctx.getAttributes("dns:/" + host, new String[] {"CNAME"}).get("CNAME");
          if (a == null || a.size() == 0) {
            return Optional.empty();
          }
          String target = a.get(0).toString();
          return Optional.of(target.endsWith(".") ? target.substring(0, target.length() - 1) : target);
        } finally {
          ctx.close();
        }
      } catch (NamingException e) {
        return Optional.empty();
      }
    }
  };
}
