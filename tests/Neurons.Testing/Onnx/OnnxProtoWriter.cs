using Google.Protobuf;

namespace Neurons.Testing.Onnx;

/// <summary>
/// Serialises a graph to the ONNX protobuf wire format with <see cref="CodedOutputStream"/>; the field
/// numbers are onnx.proto's (ModelProto, GraphProto, NodeProto, AttributeProto, ValueInfoProto,
/// TypeProto, TensorShapeProto, TensorProto, OperatorSetIdProto).
/// </summary>
internal static class OnnxProtoWriter
{
    public static byte[] WriteModel(OnnxGraphBuilder graph)
    {
        return Message(o =>
        {
            WriteInt64(o, 1, graph.IrVersion);
            WriteString(o, 2, "Neurons.Testing.Onnx");
            WriteMessage(o, 7, g => WriteGraph(g, graph));
            WriteMessage(o, 8, op =>
            {
                WriteString(op, 1, string.Empty);
                WriteInt64(op, 2, graph.Opset);
            });
        });
    }

    private static void WriteGraph(CodedOutputStream o, OnnxGraphBuilder graph)
    {
        foreach (var node in graph.Nodes)
        {
            WriteMessage(o, 1, n => WriteNode(n, node));
        }

        WriteString(o, 2, graph.Name);
        foreach (var tensor in graph.Initializers)
        {
            WriteMessage(o, 5, t => WriteTensor(t, tensor));
        }

        foreach (var input in graph.Inputs)
        {
            WriteMessage(o, 11, v => WriteValueInfo(v, input));
        }

        foreach (var output in graph.Outputs)
        {
            WriteMessage(o, 12, v => WriteValueInfo(v, output));
        }
    }

    private static void WriteNode(CodedOutputStream o, OnnxNode node)
    {
        foreach (var input in node.Inputs)
        {
            WriteString(o, 1, input);
        }

        foreach (var output in node.Outputs)
        {
            WriteString(o, 2, output);
        }

        WriteString(o, 3, node.Name);
        WriteString(o, 4, node.OpType);
        foreach (var attribute in node.Attributes)
        {
            WriteMessage(o, 5, a => WriteAttribute(a, attribute));
        }

        if (node.Domain.Length > 0)
        {
            WriteString(o, 7, node.Domain);
        }
    }

    private static void WriteAttribute(CodedOutputStream o, OnnxAttribute attribute)
    {
        WriteString(o, 1, attribute.Name);
        switch (attribute.Type)
        {
            case 1:
                o.WriteTag(2, WireFormat.WireType.Fixed32);
                o.WriteFloat(attribute.FloatValue);
                break;
            case 2:
                WriteInt64(o, 3, attribute.IntValue);
                break;
            case 3:
                WriteString(o, 4, attribute.StringValue ?? string.Empty);
                break;
            case 4:
                WriteMessage(o, 5, t => WriteTensor(t, attribute.TensorValue!));
                break;
            case 6:
                foreach (var f in attribute.FloatsValue)
                {
                    o.WriteTag(7, WireFormat.WireType.Fixed32);
                    o.WriteFloat(f);
                }

                break;
            case 7:
                foreach (var i in attribute.IntsValue)
                {
                    WriteInt64(o, 8, i);
                }

                break;
            default:
                throw new InvalidOperationException($"attribute type {attribute.Type} is not supported");
        }

        WriteInt64(o, 20, attribute.Type);
    }

    private static void WriteTensor(CodedOutputStream o, OnnxTensor tensor)
    {
        foreach (var d in tensor.Dims)
        {
            WriteInt64(o, 1, d);
        }

        WriteInt64(o, 2, (long)tensor.DataType);
        WriteString(o, 8, tensor.Name);
        if (tensor.External is { } external)
        {
            // TensorProto.external_data (13, StringStringEntryProto key=1 value=2), data_location (14) = EXTERNAL.
            void Entry(string key, string value) => WriteMessage(o, 13, e =>
            {
                WriteString(e, 1, key);
                WriteString(e, 2, value);
            });
            Entry("location", external.Location);
            Entry("offset", external.Offset.ToString(System.Globalization.CultureInfo.InvariantCulture));
            Entry("length", tensor.RawData.Length.ToString(System.Globalization.CultureInfo.InvariantCulture));
            WriteInt64(o, 14, 1);
            return;
        }

        o.WriteTag(9, WireFormat.WireType.LengthDelimited);
        o.WriteBytes(ByteString.CopyFrom(tensor.RawData));
    }

    private static void WriteValueInfo(CodedOutputStream o, OnnxValueInfo value)
    {
        WriteString(o, 1, value.Name);
        WriteMessage(o, 2, type => WriteMessage(type, 1, tensorType =>
        {
            WriteInt64(tensorType, 1, (long)value.DataType);
            WriteMessage(tensorType, 2, shape =>
            {
                foreach (var dim in value.Dims)
                {
                    WriteMessage(shape, 1, d =>
                    {
                        if (dim.IsDynamic)
                        {
                            WriteString(d, 2, dim.Param!);
                        }
                        else
                        {
                            WriteInt64(d, 1, dim.Value);
                        }
                    });
                }
            });
        }));
    }

    private static byte[] Message(Action<CodedOutputStream> write)
    {
        using var buffer = new MemoryStream();
        var output = new CodedOutputStream(buffer, leaveOpen: true);
        write(output);
        output.Flush();
        return buffer.ToArray();
    }

    private static void WriteMessage(CodedOutputStream o, int field, Action<CodedOutputStream> write)
    {
        var bytes = Message(write);
        o.WriteTag(field, WireFormat.WireType.LengthDelimited);
        o.WriteBytes(ByteString.CopyFrom(bytes));
    }

    private static void WriteString(CodedOutputStream o, int field, string value)
    {
        o.WriteTag(field, WireFormat.WireType.LengthDelimited);
        o.WriteString(value);
    }

    private static void WriteInt64(CodedOutputStream o, int field, long value)
    {
        o.WriteTag(field, WireFormat.WireType.Varint);
        o.WriteInt64(value);
    }
}
