package dev.vigil.e2e.harness;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import org.xbill.DNS.ClientSubnetOption;
import org.xbill.DNS.DClass;
import org.xbill.DNS.EDNSOption;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.OPTRecord;
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
    return answer(resolver.send(Message.newQuery(Record.newRecord(name(name), type, DClass.IN))), type);
  }

  /**
   * An answer to a query carrying EDNS Client Subnet {@code subnet} (RFC 7871), and the scope prefix length the
   * server returned (-1: no ECS option in the response).
   */
  public record SubnetAnswer(Answer answer, int scope) {}

  public SubnetAnswer query(String name, int type, String subnet) throws IOException {
    String[] parts = subnet.split("/");
    InetAddress address = InetAddress.getByName(parts[0]);
    int prefix = Integer.parseInt(parts[1]);
    Message query = Message.newQuery(Record.newRecord(name(name), type, DClass.IN));
    query.addRecord(new OPTRecord(1232, 0, 0, 0, List.of(new ClientSubnetOption(prefix, address))),
        Section.ADDITIONAL);
    Message response = resolver.send(query);
    OPTRecord opt = response.getOPT();
    int scope = -1;
    if (opt != null) {
      for (EDNSOption option : opt.getOptions(EDNSOption.Code.CLIENT_SUBNET)) {
        scope = ((ClientSubnetOption) option).getScopePrefixLength();
      }
    }
    return new SubnetAnswer(answer(response, type), scope);
  }

  private static Answer answer(Message response, int type) {
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
