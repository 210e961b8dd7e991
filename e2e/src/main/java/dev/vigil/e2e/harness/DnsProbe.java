package dev.vigil.e2e.harness;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;

/** A real DNS client (dnsjava over UDP or TCP) pointed at one server. */
public final class DnsProbe {

  private final SimpleResolver resolver;
  private final InetSocketAddress server;

  public DnsProbe(InetSocketAddress server, boolean tcp, Duration timeout) {
    this.server = server;
    this.resolver = new SimpleResolver(server);
    resolver.setTCP(tcp);
    resolver.setTimeout(timeout);
  }

  /** One answer, reduced to what the tests compare. */
  public record Answer(int rcode, boolean authoritative, List<String> values) {
    public boolean is(String... expected) {
      return rcode == Rcode.NOERROR && values.equals(List.of(expected));
    }

    @Override
    public String toString() {
      return Rcode.string(rcode) + (authoritative ? " aa " : " ") + values;
    }
  }

  public Answer query(String name, int type) throws IOException {
    Message response = resolver.send(Message.newQuery(Record.newRecord(name(name), type, DClass.IN)));
    List<String> values = response.getSection(Section.ANSWER).stream()
        .filter(r -> r.getType() == type)
        .map(Record::rdataToString)
        .sorted()
        .toList();
    return new Answer(response.getRcode(), response.getHeader().getFlag(org.xbill.DNS.Flags.AA),
        values);
  }

  /** The A records of {@code name}, sorted. */
  public Answer a(String name) throws IOException {
    return query(name, Type.A);
  }

  public InetSocketAddress server() {
    return server;
  }

  private static Name name(String text) throws TextParseException {
    return Name.fromString(text.endsWith(".") ? text : text + ".");
  }
}
